using Tuner.Core.Decisions;
using Tuner.Core.Requests;

namespace Tuner.Cli.Plan;

/// <summary>
/// <c>tuner plan --json</c>'s document (schema <c>docs/schemas/plan.schema.json</c>): whether the run would start,
/// every problem with its field path, and the expansion — per target the current configuration, the staged sampling and
/// the cells — with the upper-bound cost and time.
/// </summary>
internal sealed record PlanJson(
    string Schema,
    string Request,
    string? Job,
    string Source,
    string? Region,
    bool Accepted,
    IReadOnlyList<ProblemJson> Problems,
    IReadOnlyList<PlanTargetJson> Targets,
    PlanEstimateJson? Estimate)
{
    public const string SchemaId = "tuner.plan/v1";

    public static PlanJson From(PlanPreview preview, string requestPath, string source)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var plan = preview.Plan;
        var targets = plan is null
            ? []
            : plan.Targets.Select(t => new PlanTargetJson(
                t.Function,
                t.Architecture,
                new CurrentJson(t.Baseline.MemoryMb, t.Baseline.TimeoutSeconds),
                SamplingJson.From(preview.Sampling[t.TargetIndex]),
                t.Versions.Count,
                [.. t.Cells.Select(c => new PlanCellJson(c.Id, c.MemoryMb, c.BatchSize, c.Parallelism, c.Env, c.IsBaseline))])).ToList();
        var estimate = plan?.Estimate is { } e
            ? new PlanEstimateJson(e.TotalUsd, e.LambdaComputeUsd, e.LambdaRequestsUsd, e.StepFunctionsUsd, e.Invocations, e.StateTransitions, e.Versions, e.PublishSeconds, e.MeasureSecondsMax, preview.WallSecondsMax, e.Assumptions)
            : null;
        return new PlanJson(SchemaId, requestPath, preview.Request.Job, source, preview.Region, preview.Accepted, ProblemJson.From(preview.Problems), targets, estimate);
    }
}

/// <summary>One problem: the request field it is about (empty for the whole request) and why.</summary>
internal sealed record ProblemJson(string Path, string Message)
{
    public static IReadOnlyList<ProblemJson> From(IEnumerable<ValidationProblem> problems) => [.. problems.Select(p => new ProblemJson(p.Path, p.Message))];
}

/// <summary>A target of the plan.</summary>
internal sealed record PlanTargetJson(string Function, string Architecture, CurrentJson Current, SamplingJson Sampling, int Versions, IReadOnlyList<PlanCellJson> Cells);

/// <summary>The function's configuration now (the baseline).</summary>
internal sealed record CurrentJson(int MemoryMb, int TimeoutSeconds);

/// <summary>The staged sampling: the first pass per cell, the per-cell ceiling, the confirmation's samples per side and the target's budget.</summary>
internal sealed record SamplingJson(int FirstPass, int Ceiling, int Confirm, int Budget, int Concurrency, string Mode)
{
    public static SamplingJson From(SamplingPolicy policy) =>
        new(policy.FirstPass, policy.Ceiling, policy.Confirm, policy.Budget, policy.Concurrency, policy.Mode == MeasureMode.Cold ? "cold" : "warm");
}

/// <summary>One cell: its id, memory, the DynamoDB batch knobs and the environment knobs it sets.</summary>
internal sealed record PlanCellJson(string Id, int MemoryMb, int? BatchSize, int? Parallelism, IReadOnlyDictionary<string, string> Env, bool Baseline);

/// <summary>The upper bound of the run's cost (USD) and time (seconds), and what it assumes.</summary>
internal sealed record PlanEstimateJson(
    decimal TotalUsd,
    decimal LambdaComputeUsd,
    decimal LambdaRequestsUsd,
    decimal StepFunctionsUsd,
    long Invocations,
    long StateTransitions,
    long Versions,
    double PublishSeconds,
    double MeasureSecondsMax,
    double WallSecondsMax,
    IReadOnlyList<string> Assumptions);
