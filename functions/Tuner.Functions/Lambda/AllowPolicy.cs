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

        var tags = await _lambda.ListTagsAsync(function.FunctionArn, cancellationToken);
        if (tags.TryGetValue(TagName, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return $"{function.FunctionName} has no '{TagName}' = 'true' tag and is not in TUNER_ALLOWED_FUNCTIONS";
    }
}
