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

    /// <summary>Throttling and service errors: worth retrying with backoff.</summary>
    public bool IsTransient => ErrorCode is "TooManyRequestsException" or "ServiceException" or "EC2ThrottledException" or "ResourceConflictException" || StatusCode >= 500;
}
