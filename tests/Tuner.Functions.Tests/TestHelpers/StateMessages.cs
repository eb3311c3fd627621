using Tuner.Contracts.States;

namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>Measure units and their cells as the Narrower hands them out, written in one line each.</summary>
internal static class StateMessages
{
    public static MeasureUnit Unit(int stage, StageKind kind, int step, bool paired, int seed, IReadOnlyList<UnitCell> cells, int unit = 0, int targetIndex = 0) => new()
    {
        Unit = unit,
        TargetIndex = targetIndex,
        Stage = stage,
        Kind = kind,
        Step = step,
        Paired = paired,
        Seed = seed,
        Cells = cells,
    };

    public static UnitCell Cell(string id, string function, string qualifier, int samples, bool warmUp, int concurrency, IReadOnlyList<string>? coldQualifiers = null) => new()
    {
        Id = id,
        Function = function,
        Qualifier = qualifier,
        Samples = samples,
        WarmUp = warmUp,
        Concurrency = concurrency,
        ColdQualifiers = coldQualifiers,
    };
}
