namespace Tuner.Contracts.States;

/// <summary>
/// One cell of <see cref="PlannerOutput.Cells"/>: which published version (<see cref="Qualifier"/>) of which function
/// to invoke, how often and how many at once. Small on purpose (state payloads are limited to 256 KiB). A string missing
/// or null is read as <c>""</c>.
/// </summary>
public sealed record CellTask
{
    public string Id { get; init => field = value ?? string.Empty; } = string.Empty;

    public int TargetIndex { get; init; }

    public string Function { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Qualifier { get; init => field = value ?? string.Empty; } = string.Empty;

    public int MemoryMb { get; init; }

    public int? BatchSize { get; init; }

    public int? Parallelism { get; init; }

    public int Invocations { get; init; }

    public int Concurrency { get; init; }

    public bool IsBaseline { get; init; }
}
