using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tuner.Core.Planning;

/// <summary>
/// Content-derived cell ids: <c>t{target}-m{memory}[-b{batch}][-p{parallelism}][-e{hash}]</c>, where the hash is the
/// first 8 hex digits of SHA-256 over the other env knobs (<c>NAME=value</c> lines, names in ordinal order).
/// The baseline is <c>t{target}-baseline</c>. Ids are safe in S3 keys and Lambda alias names.
/// </summary>
public static class CellIds
{
    public static string Baseline(int targetIndex) => string.Create(CultureInfo.InvariantCulture, $"t{targetIndex}-baseline");

    public static string For(int targetIndex, int memoryMb, int? batchSize, int? parallelism, IReadOnlyDictionary<string, string> otherEnv)
    {
        var id = new StringBuilder();
        id.Append(CultureInfo.InvariantCulture, $"t{targetIndex}-m{memoryMb}");
        if (batchSize is { } b)
        {
            id.Append(CultureInfo.InvariantCulture, $"-b{b}");
        }

        if (parallelism is { } p)
        {
            id.Append(CultureInfo.InvariantCulture, $"-p{p}");
        }

        if (otherEnv.Count > 0)
        {
            id.Append("-e").Append(EnvHash(otherEnv));
        }

        return id.ToString();
    }

    /// <summary>8 lowercase hex digits of SHA-256 over <c>NAME=value\n</c> lines in ordinal name order.</summary>
    public static string EnvHash(IReadOnlyDictionary<string, string> env)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in env.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(value).Append('\n');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }
}
