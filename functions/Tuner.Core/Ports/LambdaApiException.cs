using Tuner.Core.Resilience;

namespace Tuner.Core.Ports;

/// <summary>An error answer of the Lambda API, with AWS's error code (e.g. <c>ResourceConflictException</c>).</summary>
public sealed class LambdaApiException : Exception
{
    public LambdaApiException(string errorCode, int statusCode, string message)
        : base($"{errorCode} ({statusCode}): {message}")
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    public LambdaApiException()
        : this("Unknown", 0, "unknown Lambda API error")
    {
    }

    public LambdaApiException(string message)
        : this("Unknown", 0, message)
    {
    }

    public LambdaApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "Unknown";
    }

    public string ErrorCode { get; }

    public int StatusCode { get; }

    /// <summary>The function (or the version or alias named) does not exist.</summary>
    public bool IsNotFound => ErrorCode == "ResourceNotFoundException" || StatusCode == 404;

    /// <summary>
    /// The function changed since the revision or code hash a call named (PreconditionFailedException, 412; PublishVersion
    /// answers a changed code hash with InvalidParameterValueException naming CodeSHA256): someone else changed it.
    /// </summary>
    public bool IsChangedSince =>
        ErrorCode == "PreconditionFailedException" || StatusCode == 412
        || (ErrorCode == "InvalidParameterValueException" && Message.Contains("CodeSHA256", StringComparison.OrdinalIgnoreCase));

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Lambda refused the call for its rate (429 TooManyRequestsException): it did nothing — on Invoke, the function did
    /// not run (Lambda's Invoke API reference, "Errors").
    /// </summary>
    public bool IsThrottling => TransientErrors.IsThrottling(ErrorCode, StatusCode);

    /// <summary>Another update of the function is in progress (ResourceConflictException): retry once it has settled.</summary>
    public bool IsUpdateConflict => ErrorCode == "ResourceConflictException";

    /// <summary>Throttling, service errors (<see cref="TransientErrors"/>) and update conflicts: a failure that passes with time.</summary>
    public bool IsTransient => TransientErrors.IsTransient(ErrorCode, StatusCode) || IsUpdateConflict;
}
