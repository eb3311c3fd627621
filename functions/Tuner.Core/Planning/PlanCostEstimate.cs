namespace Tuner.Core.Planning;

/// <summary>
/// Upper bound of what the tuning run itself costs: every invocation billed for the full timeout (plus a maximal
/// INIT per execution environment), every request, and the Step Functions transitions
/// (<see cref="TransitionsPerCell"/> × cells + <see cref="FixedTransitions"/>). <see cref="Assumptions"/> says what is
/// not included (e.g. the target's own DynamoDB writes, unknown before measuring). <see cref="Versions"/> counts the
/// versions the Planner publishes (one per cold sample in cold mode), <see cref="PublishSeconds"/> the time that takes
/// on AWS as assumed, and <see cref="MeasureSecondsMax"/> bounds the measuring (every wave for the full timeout).
/// </summary>
public sealed record PlanCostEstimate(
    decimal TotalUsd,
    decimal LambdaComputeUsd,
    decimal LambdaRequestsUsd,
    decimal StepFunctionsUsd,
    long Invocations,
    long StateTransitions,
    int TransitionsPerCell,
    int FixedTransitions,
    IReadOnlyList<string> Assumptions,
    long Versions = 0,
    double PublishSeconds = 0,
    double MeasureSecondsMax = 0);
