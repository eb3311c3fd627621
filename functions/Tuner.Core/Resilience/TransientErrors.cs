namespace Tuner.Core.Resilience;

/// <summary>
/// The one list of AWS errors that pass with time (throttling and server-side failures), by error code and HTTP status.
/// Every retry in Tuner asks this: the SigV4 clients, the Executor's Invoke, the configurator and the BatchWriter.
/// </summary>
public static class TransientErrors
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
        "RequestLimitExceededException", "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException",
        "SlowDown", "EC2ThrottledException", "BandwidthLimitExceeded", "PriorRequestNotComplete",
    };

    private static readonly HashSet<string> ServerErrorCodes = new(StringComparer.Ordinal)
    {
        "ServiceException", "ServiceUnavailable", "ServiceUnavailableException", "InternalFailure", "InternalError",
        "InternalServerError", "InternalServiceError",
    };

    /// <summary>Every code on the list, throttling and server errors: each retrying caller is tested against all of them.</summary>
    public static IReadOnlyCollection<string> Codes => [.. ThrottlingCodes, .. ServerErrorCodes];

    /// <summary>The service refused the call for its rate (HTTP 429 or a throttling code): it did not act on it.</summary>
    public static bool IsThrottling(string? code, int statusCode) =>
        statusCode == 429 || (code is not null && ThrottlingCodes.Contains(code));

    /// <summary>A server-side failure (HTTP 5xx or a service-error code): the outcome of the call is unknown.</summary>
    public static bool IsServerError(string? code, int statusCode) =>
        statusCode >= 500 || (code is not null && ServerErrorCodes.Contains(code));

    /// <summary>Throttling or a server-side failure: worth retrying with backoff where repeating the call is safe.</summary>
    public static bool IsTransient(string? code, int statusCode) => IsThrottling(code, statusCode) || IsServerError(code, statusCode);
}
