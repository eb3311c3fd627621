namespace Tuner.Aws.Signing;

/// <summary>
/// Key ARNs (<c>arn:&lt;partition&gt;:kms:&lt;region&gt;:&lt;account&gt;:key/&lt;id&gt;</c>) as opposed to alias ARNs,
/// aliases and bare key ids. Keys are compared by exact ordinal equality only: a <c>Contains</c> check let an alias ARN
/// such as <c>arn:aws:kms:…:alias/&lt;the stack key's id&gt;</c> in another account pass for the stack's key.
/// </summary>
public static class KmsKeyIdentity
{
    /// <summary>Whether <paramref name="value"/> is shaped like a KMS key ARN (six colon-separated parts, resource <c>key/…</c>).</summary>
    public static bool IsKeyArn(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var parts = value.Split(':');
        return parts.Length == 6
            && parts[0] == "arn"
            && parts[1].Length > 0
            && parts[2] == "kms"
            && parts[3].Length > 0
            && parts[4].Length > 0
            && parts[5].StartsWith("key/", StringComparison.Ordinal)
            && parts[5].Length > "key/".Length
            && parts[5].IndexOf('/', "key/".Length) < 0;
    }
}
