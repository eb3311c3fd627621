using Tuner.Core.Requests;

namespace Tuner.Core.Decisions;

/// <summary>
/// How much a target is sampled. <see cref="FirstPass"/> measured samples per cell first; narrowing stages double the
/// survivors' samples up to <see cref="Ceiling"/> (the request's <c>invocations</c>); the confirmation takes at least
/// <see cref="Confirm"/> fresh samples of each side (what the budget leaves when the stages did not answer it clearly, up
/// to the ceiling); <see cref="Budget"/> caps the measured invocations of all stages
/// (warm-ups and stray cold starts are counted apart, in the report's invocation total). By default the budget is 40%
/// of the exhaustive grid (cells × ceiling), confirmation included, but never less than the first pass and two looks of
/// the confirmation need.
/// </summary>
public sealed record SamplingPolicy(
    int FirstPass,
    int Ceiling,
    int Confirm,
    int Budget,
    int Concurrency,
    double ColdStartShare,
    MeasureMode Mode)
{
    /// <summary>Samples per cell of the first pass when the ceiling allows.</summary>
    public const int DefaultFirstPass = 5;

    /// <summary>Fewest samples per side of the confirmation by default.</summary>
    public const int MinimumConfirm = 20;

    /// <summary>
    /// Most samples per side of the confirmation by default (fewer when the ceiling is lower). The confirmation answers
    /// one question, the best candidate against the current configuration round by round, which 50 paired rounds
    /// answer to about ±2% (extended by further looks when not), so its default does not grow with the ceiling: the
    /// budget goes to the narrowing, where near-equal cells need the samples (decision simulation at ceiling 200:
    /// confirmation at the ceiling 76–98% right on 54–60% of the grid, at 50 81–93% on 36–40%).
    /// </summary>
    public const int DefaultConfirm = 50;

    /// <summary>Share of the exhaustive grid the default budget allows.</summary>
    public const double DefaultBudgetShare = 0.4;

    public static SamplingPolicy For(TuningTarget target, int cells)
    {
        ArgumentNullException.ThrowIfNull(target);
        var ceiling = Math.Max(2, target.Invocations);
        var firstPass = Math.Min(ceiling, DefaultFirstPass);
        var confirm = target.ConfirmInvocations ?? Math.Max(MinimumConfirm, Math.Min(ceiling, DefaultConfirm));
        // Room for the first pass and two looks of the confirmation (an inconclusive one is extended once by default).
        var floor = (cells * firstPass) + (2 * 2 * confirm);
        var budget = target.InvocationBudget ?? Math.Max(floor, (int)Math.Ceiling((DefaultBudgetShare * cells * ceiling) - 1e-9));
        return new SamplingPolicy(firstPass, ceiling, confirm, budget, Math.Max(1, target.Concurrency), target.EffectiveColdStartShare, target.Measure);
    }
}
