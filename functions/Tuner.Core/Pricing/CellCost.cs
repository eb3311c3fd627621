namespace Tuner.Core.Pricing;

/// <summary>
/// Expected cost of ONE invocation of a cell, split into Lambda compute (mean billed duration × memory × GB-s price),
/// the request charge and DynamoDB writes (mean consumed write units × WRU price). <see cref="TotalLowUsd"/> and
/// <see cref="TotalHighUsd"/> carry the 95% interval of the mean. <see cref="PerThousandItemsUsd"/> is set when the
/// target reported items. Since schema v2 the total is the production cost: <see cref="WarmUsd"/> (a warm invocation)
/// plus <see cref="ColdStartShare"/> × <see cref="ColdExtraUsd"/> (what a cold invocation costs more, billed INIT
/// included), with the same cost at no cold starts and at 10% of invocations cold beside it.
/// </summary>
public sealed record CellCost(
    decimal ComputeUsd,
    decimal RequestsUsd,
    decimal DynamoDbUsd,
    decimal TotalUsd,
    decimal TotalLowUsd,
    decimal TotalHighUsd,
    decimal PerMillionInvocationsUsd,
    decimal? PerThousandItemsUsd,
    decimal? WarmUsd = null,
    decimal? ColdExtraUsd = null,
    double? ColdStartShare = null,
    decimal? AtNoColdStartsUsd = null,
    decimal? AtTenPercentColdStartsUsd = null);
