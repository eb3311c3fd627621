using System.Text.Json.Serialization;

namespace Tuner.Core.Decisions;

/// <summary>
/// How much larger a candidate's figure is than a reference's, relative to the reference (−0.30 = 30% lower), with a
/// two-sided interval at <see cref="Confidence"/>. <see cref="Paired"/> is true when it comes from samples taken in
/// interleaved rounds and compared round by round. <see cref="CandidateSamples"/> and <see cref="ReferenceSamples"/>
/// are the sample counts behind it.
/// </summary>
public sealed record RelativeDifference(
    double Estimate,
    double Low,
    double High,
    double Confidence,
    bool Paired,
    int CandidateSamples,
    int ReferenceSamples)
{
    /// <summary>The whole interval lies below −<paramref name="margin"/>: lower by more than the margin, with confidence.</summary>
    public bool IsLowerBeyond(double margin) => High < -margin;

    /// <summary>The whole interval lies above <paramref name="margin"/>: higher by more than the margin, with confidence.</summary>
    public bool IsHigherBeyond(double margin) => Low > margin;

    /// <summary>The interval excludes a rise of more than <paramref name="margin"/>: not worse beyond it, with confidence.</summary>
    public bool IsNotHigherThan(double margin) => High < margin;

    [JsonIgnore]
    public double HalfWidth => (High - Low) / 2;
}
