using Tuner.LocalLambda.Api;

namespace Tuner.LocalLambda.Functions;

/// <summary>
/// Local ARNs (<c>arn:aws:lambda:&lt;region&gt;:000000000000:function:&lt;name&gt;[:qualifier]</c>) and the function
/// identifiers Lambda accepts in paths: a name, <c>name:qualifier</c>, a partial ARN
/// (<c>account:function:name</c>) or a full ARN.
/// </summary>
internal static class LocalArn
{
    public const string AccountId = "000000000000";

    public static string Function(string region, string name, string? qualifier = null) =>
        $"arn:aws:lambda:{region}:{AccountId}:function:{name}" + (qualifier is null ? string.Empty : ":" + qualifier);

    /// <summary>Splits an identifier into name and the qualifier it carries, checked against an explicit one.</summary>
    public static (string Name, string? Qualifier) Parse(string identifier, string? explicitQualifier)
    {
        var parts = identifier.Split(':');
        (string Name, string? Qualifier) parsed = parts switch
        {
            [var name] => (name, null),
            [var name, var qualifier] => (name, qualifier),
            [_, "function", var name] => (name, null),
            [_, "function", var name, var qualifier] => (name, qualifier),
            ["arn", _, "lambda", _, _, "function", var name] => (name, null),
            ["arn", _, "lambda", _, _, "function", var name, var qualifier] => (name, qualifier),
            _ => throw LambdaServiceException.InvalidParameter($"Invalid function identifier: {identifier}"),
        };

        if (parsed.Name.Length == 0 || parsed.Name.Length > 140)
        {
            throw LambdaServiceException.InvalidParameter($"Invalid function name: {identifier}");
        }

        var explicitValue = string.IsNullOrEmpty(explicitQualifier) ? null : explicitQualifier;
        if (parsed.Qualifier is not null && explicitValue is not null && parsed.Qualifier != explicitValue)
        {
            throw LambdaServiceException.InvalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
        }

        return (parsed.Name, parsed.Qualifier ?? explicitValue);
    }
}
