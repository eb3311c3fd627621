using System.Net;

namespace Tuner.LocalLambda.Api;

/// <summary>An API error as Lambda returns it: HTTP status, <c>x-amzn-ErrorType</c> and a message.</summary>
internal sealed class LambdaServiceException : Exception
{
    public LambdaServiceException(HttpStatusCode status, string errorType, string message, string? reason = null, int? retryAfterSeconds = null)
        : base(message)
    {
        RetryAfterSeconds = retryAfterSeconds;
        Status = status;
        ErrorType = errorType;
        Reason = reason;
    }

    public HttpStatusCode Status { get; }

    public string ErrorType { get; }

    /// <summary>The <c>Reason</c> field some errors carry (TooManyRequestsException).</summary>
    public string? Reason { get; }

    /// <summary>Seconds the caller should wait (<c>Retry-After</c> header and <c>retryAfterSeconds</c> field), when the error says.</summary>
    public int? RetryAfterSeconds { get; }

    public static LambdaServiceException NotFound(string message) => new(HttpStatusCode.NotFound, "ResourceNotFoundException", message);

    public static LambdaServiceException Conflict(string message) => new(HttpStatusCode.Conflict, "ResourceConflictException", message);

    public static LambdaServiceException PreconditionFailed(string message) => new(HttpStatusCode.PreconditionFailed, "PreconditionFailedException", message);

    public static LambdaServiceException InvalidParameter(string message) => new(HttpStatusCode.BadRequest, "InvalidParameterValueException", message);

    public static LambdaServiceException TooManyRequests(string reason) =>
        new(HttpStatusCode.TooManyRequests, "TooManyRequestsException", "Rate Exceeded.", reason);
}
