using Tuner.Core.Statistics;

namespace Tuner.Core.Pricing;

/// <summary>
/// Prices one invocation of a cell. Cost is linear in billed duration, so the expected cost uses the MEAN billed
/// duration (not a percentile); its 95% interval comes from the mean's interval. DynamoDB writes use the mean
/// consumed write units the target reported (none reported → 0).
/// </summary>
public static class CostCalculator
{
    private const int Decimals = 12;

    public static CellCost PerInvocation(CellStatistics statistics, int memoryMb, PriceSheet prices)
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

        var total = compute + requests + dynamo;
        decimal? perThousandItems = workload?.MeanItems is > 0 and var items ? total / ToDecimal(items) * 1000m : null;
        return new CellCost(
            Round(compute),
            Round(requests),
            Round(dynamo),
            Round(total),
            Round(computeLow + requests + dynamoLow),
            Round(computeHigh + requests + dynamoHigh),
            Math.Round(total * 1_000_000m, 6, MidpointRounding.AwayFromZero),
            perThousandItems is { } p ? Round(p) : null);
    }

    private static decimal ToDecimal(double value) => (decimal)value;

    private static decimal Round(decimal value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero);
}
