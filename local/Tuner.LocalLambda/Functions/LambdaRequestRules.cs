using System.Text;
using Tuner.LocalLambda.Api;

namespace Tuner.LocalLambda.Functions;

/// <summary>
/// What the control plane admits, refused with Lambda's own error types and messages: memory and timeout ranges,
/// the 4 KB environment, alias names, stale revisions, a publish naming other code, an update still in progress.
/// </summary>
internal static class LambdaRequestRules
{
    public const int MemoryMbMin = 128;
    public const int MemoryMbMax = 10240;
    public const int TimeoutSecondsMax = 900;

    /// <summary>Lambda's limit on a function's environment: names and values, 4 KB in all.</summary>
    public const int EnvironmentBytesMax = 4096;

    public static void ValidateMemory(int memoryMb)
    {
        if (memoryMb is < MemoryMbMin or > MemoryMbMax)
        {
            throw LambdaServiceException.InvalidParameter(
                $"1 validation error detected: Value '{memoryMb}' at 'memorySize' failed to satisfy constraint: Member must have value "
                + (memoryMb < MemoryMbMin ? "greater than or equal to 128" : "less than or equal to 10240"));
        }
    }

    public static void ValidateTimeout(int timeoutSeconds)
    {
        if (timeoutSeconds is < 1 or > TimeoutSecondsMax)
        {
            throw LambdaServiceException.InvalidParameter(
                $"1 validation error detected: Value '{timeoutSeconds}' at 'timeout' failed to satisfy constraint: Member must have value "
                + (timeoutSeconds < 1 ? "greater than or equal to 1" : "less than or equal to 900"));
        }
    }

    public static void ValidateEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.Sum(kv => Encoding.UTF8.GetByteCount(kv.Key) + Encoding.UTF8.GetByteCount(kv.Value)) > EnvironmentBytesMax)
        {
            throw LambdaServiceException.InvalidParameter(
                "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit.");
        }
    }

    public static void ValidateAliasName(string name)
    {
        if (name.Length is 0 or > 128 || name.All(char.IsAsciiDigit) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw LambdaServiceException.InvalidParameter($"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
        }
    }

    /// <summary>An update or publish that names a revision other than <c>$LATEST</c>'s (none named: no check).</summary>
    public static void ThrowIfRevisionChanged(string latestRevisionId, string? revisionId)
    {
        if (revisionId is not null && revisionId != latestRevisionId)
        {
            throw LambdaServiceException.PreconditionFailed(
                "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    /// <summary>A publish that names other code than <c>$LATEST</c>'s (none named: no check).</summary>
    public static void ThrowIfCodeChanged(string latestCodeSha256, string? codeSha256)
    {
        if (codeSha256 is not null && codeSha256 != latestCodeSha256)
        {
            throw LambdaServiceException.InvalidParameter(
                $"CodeSHA256 ({codeSha256}) is different from current CodeSHA256 in $LATEST ({latestCodeSha256}). Please try again with the CodeSHA256 in $LATEST.");
        }
    }

    public static LambdaServiceException UpdateInProgress(string functionArn) =>
        LambdaServiceException.Conflict($"The operation cannot be performed at this time. An update is in progress for resource: {functionArn}");

    public static LambdaServiceException FunctionNotFound(string arn) => LambdaServiceException.NotFound($"Function not found: {arn}");
}
