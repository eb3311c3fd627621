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

    /// <summary>Throttling and service errors: worth retrying with backoff.</summary>
    public bool IsTransient => ErrorCode is "TooManyRequestsException" or "ServiceException" or "EC2ThrottledException" or "ResourceConflictException" || StatusCode >= 500;
}
