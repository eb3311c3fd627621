using Tuner.Core.Statistics;

namespace Tuner.Core.Pricing;

/// <summary>
/// Prices one invocation of a cell. Cost is linear in billed duration, so the expected cost uses the MEAN billed
/// duration (not a percentile); its 95% interval comes from the mean's interval. The statistics are of warm
/// invocations; production adds the cold-start share × what a cold invocation costs more (its billed INIT and slower
/// first run), which the compute charge and the total include. DynamoDB writes use the mean
/// consumed write units the target reported (none reported → 0).
/// </summary>
public static class CostCalculator
{
    private const int Decimals = 12;

    /// <param name="statistics">The cell's (warm) statistics.</param>
    /// <param name="memoryMb">The cell's memory.</param>
    /// <param name="prices">Prices of the target's region and architecture.</param>
    /// <param name="coldExtraUsd">What one cold invocation costs more than a warm one (billed INIT included); null when unknown.</param>
    /// <param name="coldStartShare">The production share of cold starts the total is priced at.</param>
    public static CellCost PerInvocation(CellStatistics statistics, int memoryMb, PriceSheet prices, double? coldExtraUsd = null, double coldStartShare = 0)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(prices);
        var gbSecondPrice = memoryMb / 1024m * prices.UsdPerGbSecond / 1000m;
        var billed = statistics.BilledDuration;
        var compute = ToDecimal(billed.Mean) * gbSecondPrice;
        var computeLow = ToDecimal(Math.Max(0, billed.MeanCi.Low)) * gbSecondPrice;
        var computeHigh = ToDecimal(billed.MeanCi.High) * gbSecondPrice;
        var requests = prices.UsdPerRequest;

        var workload = statistics.Workload;
        var cwu = workload?.MeanConsumedWriteUnits ?? 0;
        var dynamo = ToDecimal(cwu) * prices.UsdPerWriteRequestUnit;
        var dynamoLow = ToDecimal(Math.Max(0, workload?.MeanConsumedWriteUnitsCi?.Low ?? cwu)) * prices.UsdPerWriteRequestUnit;
        var dynamoHigh = ToDecimal(workload?.MeanConsumedWriteUnitsCi?.High ?? cwu) * prices.UsdPerWriteRequestUnit;

        var warm = compute + requests + dynamo;
        var extra = ToDecimal(Math.Max(0, coldExtraUsd ?? 0));
        var production = extra * (decimal)coldStartShare;
        var total = warm + production;
        decimal? perThousandItems = workload?.MeanItems is > 0 and var items ? total / ToDecimal(items) * 1000m : null;
        return new CellCost(
            Round(compute + production),
            Round(requests),
            Round(dynamo),
            Round(total),
            Round(computeLow + requests + dynamoLow + production),
            Round(computeHigh + requests + dynamoHigh + production),
            Math.Round(total * 1_000_000m, 6, MidpointRounding.AwayFromZero),
            perThousandItems is { } p ? Round(p) : null,
            coldExtraUsd is null ? null : Round(warm),
            coldExtraUsd is null ? null : Round(extra),
            coldExtraUsd is null ? null : coldStartShare,
            coldExtraUsd is null ? null : Round(warm),
            coldExtraUsd is null ? null : Round(warm + (extra * 0.1m)));
    }

    private static decimal ToDecimal(double value) => (decimal)value;

    private static decimal Round(decimal value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero);
}
