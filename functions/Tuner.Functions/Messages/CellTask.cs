namespace Tuner.Functions.Messages;

/// <summary>
/// One cell as the Map state hands it to an Executor: which published version (<see cref="Qualifier"/>) of which
/// function to invoke, how often and how many at once. Small on purpose (state payloads are limited to 256 KiB).
/// </summary>
public sealed record CellTask(
    string Id,
    int TargetIndex,
    string Function,
    string Qualifier,
    int MemoryMb,
    int? BatchSize,
    int? Parallelism,
    int Invocations,
    int Concurrency,
    bool IsBaseline);
