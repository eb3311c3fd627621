using System.Text.Json.Serialization;

namespace Tuner.Core.Statistics;

/// <summary>A two-sided 95% confidence interval.</summary>
public sealed record ConfidenceInterval(double Low, double High)
{
    /// <summary>The confidence level of every interval Tuner reports.</summary>
    public const double Level = 0.95;

    [JsonIgnore]
    public double HalfWidth => (High - Low) / 2;

    public bool Contains(double value) => value >= Low && value <= High;
}
