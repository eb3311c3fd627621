using Tuner.Core.Pricing;

namespace Tuner.Core.Decisions;

/// <summary>What one invocation of a cell costs per billed millisecond, per request and per DynamoDB write unit.</summary>
public sealed record CellPrices(double UsdPerBilledMs, double UsdPerRequest, double UsdPerWriteUnit, bool InitBilled)
{
    public static CellPrices For(int memoryMb, PriceSheet prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        return new CellPrices(
            (double)(memoryMb / 1024m * prices.UsdPerGbSecond / 1000m),
            (double)prices.UsdPerRequest,
            (double)prices.UsdPerWriteRequestUnit,
            prices.InitBilled);
    }

    /// <summary>
    /// The billed duration Lambda charges for a sample: as reported, or ⌈duration + INIT⌉ for a cold start whose
    /// report does not include its INIT where INIT is billed (since 2025-08-01).
    /// </summary>
    public double BilledMs(Samples.Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var billed = sample.BilledDurationMs;
        if (InitBilled && sample.InitDurationMs is { } init && double.IsFinite(init) && billed + 0.5 < sample.DurationMs + init)
        {
            billed = Math.Ceiling(sample.DurationMs + init);
        }

        return billed;
    }

    /// <summary>USD of one invocation: billed compute, the request charge and the writes the target reported.</summary>
    public double CostUsd(Samples.Sample sample) =>
        (BilledMs(sample) * UsdPerBilledMs) + UsdPerRequest + ((sample.ConsumedWriteUnits is { } cwu && double.IsFinite(cwu) ? cwu : 0) * UsdPerWriteUnit);
}
