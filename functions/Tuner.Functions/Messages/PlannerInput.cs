using System.Text.Json;

namespace Tuner.Functions.Messages;

/// <summary>
/// The input of the <c>Planner</c> state and of its <c>ResumePlanner</c> loop (same handler).
/// <see cref="Request"/> is the execution input (the tuning request: <c>$</c> for the Planner,
/// <c>$$.Execution.Input</c> for ResumePlanner) and <see cref="RunId"/> the run id (<c>$$.Execution.Name</c>).
/// With <see cref="Resume"/> false the Planner validates and plans the request and starts publishing; with true it
/// neither re-plans nor re-publishes: it reads the run's <c>plan.json</c> (the plan and the versions published so far),
/// checks it was planned for this run and this request, and publishes the versions still missing.
/// <see cref="ExecutionArn"/> (<c>$$.Execution.Id</c>) is recorded in the targets' leases, so a later run can tell
/// whether the execution that holds an expired lease has ended. <see cref="PlanETag"/> (ResumePlanner: the previous
/// invocation's output) is the ETag of the plan.json that invocation wrote; a resumed Planner refuses any other.
/// </summary>
public sealed record PlannerInput(JsonElement Request, string RunId, bool Resume = false, string? ExecutionArn = null, string? PlanETag = null);
