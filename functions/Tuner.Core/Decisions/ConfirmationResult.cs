namespace Tuner.Core.Decisions;

/// <summary>
/// The challenger against the current configuration on the confirmation's fresh, interleaved samples, compared round
/// by round: the primary and secondary figures, and cost and duration on their own (the savings the report states),
/// and each side's p95 duration in the confirmation (point estimates). <see cref="Challenger"/> is the arm recommended
/// (or, when the current configuration is kept, the best candidate); <see cref="OtherArm"/> the confirmation's other
/// arm, when it had three.
/// </summary>
public sealed record ConfirmationResult(
    int Stage,
    string Challenger,
    string Baseline,
    int ChallengerSamples,
    int BaselineSamples,
    int Rounds,
    RelativeDifference? Primary,
    RelativeDifference? Secondary,
    RelativeDifference? Cost,
    RelativeDifference? Duration,
    double? ChallengerP95Ms = null,
    double? BaselineP95Ms = null,
    string? OtherArm = null);
