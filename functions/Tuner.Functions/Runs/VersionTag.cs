namespace Tuner.Functions.Runs;

/// <summary>
/// The description Tuner gives every version it publishes (<c>tuner:&lt;runId&gt; &lt;cellId&gt;</c>): how the Cleaner
/// finds what a run created, without state, so it can run twice or after a crash.
/// </summary>
public static class VersionTag
{
    private const string Prefix = "tuner:";

    public static string Describe(string runId, string versionKey) => $"{Prefix}{runId} {versionKey}";

    /// <summary>The run id of a version Tuner published, or null when <paramref name="description"/> is not Tuner's.</summary>
    public static string? RunOf(string? description)
    {
        if (description is null || !description.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = description[Prefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var runId = space < 0 ? rest : rest[..space];
        return runId.Length > 0 ? runId : null;
    }

    /// <summary>True when <paramref name="description"/> marks a version of <paramref name="runId"/>.</summary>
    public static bool BelongsTo(string? description, string runId)
    {
        if (description is null)
        {
            return false;
        }

        var tag = Prefix + runId;
        return description == tag || description.StartsWith(tag + " ", StringComparison.Ordinal);
    }
}
