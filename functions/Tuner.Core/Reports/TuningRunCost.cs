namespace Tuner.Core.Reports;

/// <summary>
/// What the tuning run itself cost: the Planner's upper bound and the figure from the measured samples
/// (billed compute, requests, the targets' DynamoDB writes, Step Functions transitions as planned).
/// </summary>
public sealed record TuningRunCost(
    decimal EstimatedUpperBoundUsd,
    decimal MeasuredUsd,
    decimal LambdaComputeUsd,
    decimal LambdaRequestsUsd,
    decimal DynamoDbUsd,
    decimal StepFunctionsUsd,
    long Invocations,
    long StateTransitions);
