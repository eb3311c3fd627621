namespace Tuner.LocalLambda.Faults;

/// <summary>
/// One injected fault: calls of <c>Operation</c> on <c>Function</c> are answered with this error instead of being
/// served, <c>Count</c> times (null = every matching call). <c>RetryAfterSeconds</c> is sent as the
/// <c>Retry-After</c> header and the <c>retryAfterSeconds</c> field, as Lambda does on throttling; <c>Reason</c> is
/// the error document's <c>Reason</c> (TooManyRequestsException carries one, e.g. CallerRateLimitExceeded).
/// </summary>
/// <param name="Operation">A Lambda API action name: Invoke, GetFunction, GetFunctionConfiguration, UpdateFunctionConfiguration, PublishVersion, DeleteFunction, ListVersionsByFunction, ….</param>
/// <param name="Function">A function name; null = any function.</param>
/// <param name="Status">The HTTP status (400–599).</param>
/// <param name="ErrorType">The <c>x-amzn-ErrorType</c> header.</param>
/// <param name="Message">The error document's <c>message</c>.</param>
/// <param name="Count">How many matching calls fail; null = every one.</param>
/// <param name="Reason">The error document's <c>Reason</c>, if any.</param>
/// <param name="RetryAfterSeconds">The <c>Retry-After</c> header, if any.</param>
public sealed record LambdaFaultRule(
    string Operation,
    string? Function,
    int Status,
    string ErrorType,
    string Message,
    int? Count,
    string? Reason = null,
    int? RetryAfterSeconds = null);
