namespace Tuner.Core.Requests;

/// <summary>
/// A target's <c>function</c> as the request gives it: a bare name, or an unqualified function ARN
/// (<c>arn:&lt;partition&gt;:lambda:&lt;region&gt;:&lt;account&gt;:function:&lt;name&gt;</c>). Tuner changes functions
/// through the Lambda endpoint of its own region and credentials of its own account, so an ARN of another partition,
/// region or account must be refused, not reduced to its name: that would change a same-named function of Tuner's
/// own account.
/// </summary>
public sealed record FunctionReference(string Name, string? Partition, string? Region, string? AccountId)
{
    /// <summary>True when the request named the function by ARN.</summary>
    public bool IsArn => AccountId is not null;

    /// <summary>Splits <paramref name="function"/> (already matched against <see cref="RequestLimits.FunctionPattern"/>).</summary>
    public static FunctionReference Parse(string function)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        return function.Split(':') switch
        {
            ["arn", var partition, "lambda", var region, var account, "function", var name] => new(name, partition, region, account),
            [var name] => new(name, null, null, null),
            _ => throw new ArgumentException($"'{function}' is neither a function name nor an unqualified function ARN", nameof(function)),
        };
    }

    /// <summary>
    /// The partition a region belongs to (<c>cn-*</c> → <c>aws-cn</c>, <c>us-gov-*</c> → <c>aws-us-gov</c>, the ISO
    /// regions to theirs, every other region to <c>aws</c>), as AWS's "ARN format" page lists them (read 2026-12-01:
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
    /// </summary>
    public static string PartitionOf(string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        return region switch
        {
            _ when region.StartsWith("cn-", StringComparison.Ordinal) => "aws-cn",
            _ when region.StartsWith("us-gov-", StringComparison.Ordinal) => "aws-us-gov",
            _ when region.StartsWith("us-isob-", StringComparison.Ordinal) => "aws-iso-b",
            _ when region.StartsWith("us-iso-", StringComparison.Ordinal) => "aws-iso",
            _ when region.StartsWith("eu-isoe-", StringComparison.Ordinal) => "aws-iso-e",
            _ when region.StartsWith("us-isof-", StringComparison.Ordinal) => "aws-iso-f",
            _ => "aws",
        };
    }

    /// <summary>
    /// Why Tuner, running in <paramref name="region"/>, cannot tune this ARN (another partition or region), or null
    /// when it can as far as the ARN tells. The account is checked against the function Lambda finds by name.
    /// </summary>
    public string? RefusalFor(string region)
    {
        if (!IsArn)
        {
            return null;
        }

        var partition = PartitionOf(region);
        if (Partition != partition)
        {
            return $"is in partition {Partition}, but Tuner runs in {region} (partition {partition}) and changes functions only there";
        }

        return Region != region
            ? $"is in region {Region}, but Tuner runs in {region} and changes functions only there: deploy Tuner in {Region} to tune it"
            : null;
    }

    /// <summary>
    /// Why the function Lambda found by <see cref="Name"/> (<paramref name="foundArn"/>, in Tuner's own account) is not
    /// the one the ARN names, or null when it is (or the request gave a bare name).
    /// </summary>
    public string? AccountRefusalFor(string foundArn)
    {
        ArgumentNullException.ThrowIfNull(foundArn);
        if (!IsArn)
        {
            return null;
        }

        var parts = foundArn.Split(':');
        var foundAccount = parts.Length > 4 ? parts[4] : string.Empty;
        return foundAccount == AccountId
            ? null
            : $"is in account {AccountId}, but Tuner runs in account {foundAccount} and changes functions only there (its own function named {Name} is {foundArn}, which Tuner will not change in its place)";
    }
}
