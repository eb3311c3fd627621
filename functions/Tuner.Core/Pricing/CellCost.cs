namespace Tuner.Core.Pricing;

/// <summary>
/// Expected cost of ONE invocation of a cell, split into Lambda compute (mean billed duration × memory × GB-s price),
/// the request charge and DynamoDB writes (mean consumed write units × WRU price). <see cref="TotalLowUsd"/> and
/// <see cref="TotalHighUsd"/> carry the 95% interval of the mean. <see cref="PerThousandItemsUsd"/> is set when the
/// target reported items.
/// </summary>
public sealed record CellCost(
    decimal ComputeUsd,
    decimal RequestsUsd,
    decimal DynamoDbUsd,
    decimal TotalUsd,
    decimal TotalLowUsd,
    decimal TotalHighUsd,
    decimal PerMillionInvocationsUsd,
    decimal? PerThousandItemsUsd);
