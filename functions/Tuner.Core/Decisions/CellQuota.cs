namespace Tuner.Core.Decisions;

/// <summary>
/// What an Executor is asked to take of one cell in a stage: <see cref="Samples"/> more measured invocations, after
/// starting its execution environments first when <see cref="WarmUp"/> is set (the cell has never run).
/// </summary>
public sealed record CellQuota(string CellId, int Samples, bool WarmUp);
