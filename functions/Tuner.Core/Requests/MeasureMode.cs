namespace Tuner.Core.Requests;

/// <summary>
/// What a target's measurements decide on: <see cref="Warm"/> invocations (each environment is started first and cold
/// starts are priced at the production share), or <see cref="Cold"/> starts only (every measured invocation runs in a
/// new execution environment, as aws-lambda-power-tuning's <c>onlyColdStarts</c>), for functions whose cold latency is
/// what matters.
/// </summary>
public enum MeasureMode
{
    Warm,
    Cold,
}
