using Tuner.Contracts.States;

namespace Tuner.Cli.Run;

/// <summary>A stage kind as <see cref="MeasureUnit.Kind"/> carries it, in the words the progress lines use (local and AWS).</summary>
internal static class StageWords
{
    public static string Of(StageKind? kind) => kind switch
    {
        StageKind.FirstPass => "first pass",
        StageKind.Narrowing => "narrowing",
        StageKind.Confirmation => "paired confirmation",
        _ => "?",
    };
}
