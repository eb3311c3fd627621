using System.Net;

namespace Tuner.LocalLambda.Api;

/// <summary>An API error as Lambda returns it: HTTP status, <c>x-amzn-ErrorType</c> and a message.</summary>
internal sealed class LambdaServiceException : Exception
{
    public LambdaServiceException(HttpStatusCode status, string errorType, string message, string? reason = null)
        : base(message)
    {
        Status = status;
        ErrorType = errorType;
        Reason = reason;
    }

    public HttpStatusCode Status { get; }

    public string ErrorType { get; }

    /// <summary>The <c>Reason</c> field some errors carry (TooManyRequestsException).</summary>
    public string? Reason { get; }

    public static LambdaServiceException NotFound(string message) => new(HttpStatusCode.NotFound, "ResourceNotFoundException", message);

    public static LambdaServiceException Conflict(string message) => new(HttpStatusCode.Conflict, "ResourceConflictException", message);

    public static LambdaServiceException InvalidParameter(string message) => new(HttpStatusCode.BadRequest, "InvalidParameterValueException", message);

    public static LambdaServiceException TooManyRequests(string reason) =>
        new(HttpStatusCode.TooManyRequests, "TooManyRequestsException", "Rate Exceeded.", reason);
}
