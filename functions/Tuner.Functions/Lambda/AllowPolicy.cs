using Tuner.Core.Ports;

namespace Tuner.Functions.Lambda;

/// <summary>
/// Which functions Tuner may change: those tagged <c>tuner:allow</c> = <c>true</c>, and those named (by name or ARN)
/// in the allow-list setting. Everything else is refused before anything is touched.
/// </summary>
internal sealed class AllowPolicy
{
    public const string TagName = "tuner:allow";

    private readonly ILambdaApi _lambda;
    private readonly IReadOnlySet<string> _allowList;

    public AllowPolicy(ILambdaApi lambda, IReadOnlySet<string> allowList)
    {
        _lambda = lambda;
        _allowList = allowList;
    }

    /// <summary>Null when allowed, otherwise why not.</summary>
    public async Task<string?> CheckAsync(FunctionConfiguration function, CancellationToken cancellationToken)
    {
        if (_allowList.Contains(function.FunctionName) || _allowList.Contains(function.FunctionArn))
        {
            return null;
        }

        IReadOnlyDictionary<string, string> tags;
        try
        {
            tags = await _lambda.ListTagsAsync(function.FunctionArn, cancellationToken);
        }
        catch (LambdaApiException e) when (IsAccessDenied(e))
        {
            return DeniedReason(function.FunctionName, "reading its tags", e);
        }

        if (tags.TryGetValue(TagName, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return $"{function.FunctionName} has no '{TagName}' = 'true' tag and is not in TUNER_ALLOWED_FUNCTIONS";
    }

    /// <summary>
    /// The Lambda API refused the call (<c>AccessDeniedException</c>/403). On AWS, Tuner's IAM policy only lets it change
    /// functions tagged <c>tuner:allow</c> = <c>true</c> or in the stack's allow-list, so a refusal means "not allowed".
    /// </summary>
    public static bool IsAccessDenied(LambdaApiException error) =>
        error.ErrorCode is "AccessDeniedException" or "AccessDenied" || error.StatusCode == 403;

    /// <summary>Why a function whose <paramref name="operation"/> was refused by the Lambda API is not tuned.</summary>
    public static string DeniedReason(string functionName, string operation, LambdaApiException error) =>
        $"{functionName}: access denied while {operation} ({error.Message}); Tuner may only change functions tagged '{TagName}' = 'true' " +
        "or in the allow-list (TUNER_ALLOWED_FUNCTIONS / the stack's allowed functions): add the tag or the allow-list entry";
}
