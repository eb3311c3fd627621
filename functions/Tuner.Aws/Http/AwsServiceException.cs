namespace Tuner.Aws.Http;

/// <summary>An error answer of an AWS API (or of a local engine speaking it), with AWS's error code.</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string service, string errorCode, int statusCode, string message, string? requestId = null)
        : base(Describe(service, errorCode, statusCode, message))
    {
        Service = service;
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    public AwsServiceException()
        : this("unknown", "Unknown", 0, "unknown AWS error")
    {
    }

    public AwsServiceException(string message)
        : this("unknown", "Unknown", 0, message)
    {
    }

    public AwsServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Service = "unknown";
        ErrorCode = "Unknown";
    }

    public string Service { get; }

    public string ErrorCode { get; }

    public int StatusCode { get; }

    public string? RequestId { get; }

    /// <summary>The credentials are missing, invalid, expired or lack a permission.</summary>
    public bool IsAccessDenied => AwsErrorInfo.IsAccessDeniedCode(ErrorCode) || StatusCode == 403;

    /// <summary>The named resource (function, execution, stack…) does not exist.</summary>
    public bool IsNotFound => ErrorCode.Contains("NotFound", StringComparison.OrdinalIgnoreCase)
        || ErrorCode.StartsWith("ExecutionDoesNotExist", StringComparison.Ordinal)
        || ErrorCode.StartsWith("StateMachineDoesNotExist", StringComparison.Ordinal)
        || StatusCode == 404;

    private static string Describe(string service, string errorCode, int statusCode, string message)
    {
        var text = $"{service}: {errorCode} ({statusCode}): {message}";
        return AwsErrorInfo.IsAccessDeniedCode(errorCode) || statusCode == 403
            ? text + " — the AWS credentials in use are missing a permission, invalid or expired (check AWS_PROFILE / AWS_ACCESS_KEY_ID, `aws sso login`, and the IAM policy)"
            : text;
    }
}
