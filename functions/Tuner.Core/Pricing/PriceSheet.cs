using System.Text.Json.Serialization;

namespace Tuner.Core.Pricing;

/// <summary>
/// Prices for one region × architecture: Lambda compute tiers, requests, whether INIT is billed (managed runtimes,
/// on-demand ZIP functions, since <see cref="InitBilledSince"/>), DynamoDB on-demand write request units and
/// Step Functions Standard state transitions. Tuner prices its figures at the first (highest) tier: that is the
/// marginal price of a function that is not the account's whole bill, and an upper bound otherwise.
/// </summary>
public sealed record PriceSheet(
    string Region,
    string Architecture,
    IReadOnlyList<ComputeTier> ComputeTiers,
    PricePoint RequestsPerMillion,
    bool InitBilled,
    DateOnly? InitBilledSince,
    PricePoint DynamoDbWriteRequestUnitsPerMillion,
    PricePoint StepFunctionsTransitionsPerThousand)
{
    /// <summary>USD per GB-second of the first tier.</summary>
    [JsonIgnore]
    public decimal UsdPerGbSecond => ComputeTiers[0].PerGbSecond.Usd;

    /// <summary>USD per request.</summary>
    [JsonIgnore]
    public decimal UsdPerRequest => RequestsPerMillion.Usd / 1_000_000m;

    /// <summary>USD per DynamoDB write request unit.</summary>
    [JsonIgnore]
    public decimal UsdPerWriteRequestUnit => DynamoDbWriteRequestUnitsPerMillion.Usd / 1_000_000m;

    /// <summary>USD per Step Functions state transition.</summary>
    [JsonIgnore]
    public decimal UsdPerTransition => StepFunctionsTransitionsPerThousand.Usd / 1_000m;

    /// <summary>The tiered compute charge of <paramref name="gbSecondsPerMonth"/> GB-seconds in one month.</summary>
    public decimal MonthlyComputeUsd(decimal gbSecondsPerMonth)
    {
        var total = 0m;
        var lower = 0m;
        foreach (var tier in ComputeTiers)
        {
            var upper = tier.UpToGbSecondsPerMonth is { } u ? (decimal)u : decimal.MaxValue;
            if (gbSecondsPerMonth <= lower)
            {
                break;
            }

            var inTier = Math.Min(gbSecondsPerMonth, upper) - lower;
            total += inTier * tier.PerGbSecond.Usd;
            lower = upper;
        }

        return total;
    }
}
