using System.Text.Json;

namespace Tuner.Functions.Messages;

/// <summary>The Planner state's input: the execution input (the tuning request) and the run id (<c>$$.Execution.Name</c>).</summary>
public sealed record PlannerInput(JsonElement Request, string RunId);
