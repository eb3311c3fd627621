namespace Tuner.Functions.Runs;

/// <summary>
/// The description Tuner gives every version it publishes (<c>tuner:&lt;runId&gt; &lt;cellId&gt;</c>): how the Cleaner
/// finds what a run created, without state, so it can run twice or after a crash.
/// </summary>
public static class VersionTag
{
    private const string Prefix = "tuner:";

    public static string Describe(string runId, string versionKey) => $"{Prefix}{runId} {versionKey}";

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
