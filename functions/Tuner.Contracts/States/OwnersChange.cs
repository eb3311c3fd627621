namespace Tuner.Contracts.States;

/// <summary>
/// A change the function's owner made to <c>$LATEST</c> during the run, which the Cleaner kept and did not restore
/// (<see cref="CleanupOutcome.KeptOwnersChange"/>): the <see cref="Fields"/> that now differ from the baseline
/// (<see cref="Memory"/>, <see cref="Timeout"/>, <see cref="Environment"/>, <see cref="Code"/>, or <see cref="Other"/>
/// for a change Tuner does not compare), when the Cleaner <see cref="SeenAt">saw</see> it, and Lambda's
/// <see cref="LastModified"/> and <see cref="RevisionId"/> of the configuration it kept.
/// </summary>
/// <param name="Fields">What differs from the baseline, in this order: memory, timeout, environment, code, other.</param>
/// <param name="SeenAt">When the Cleaner read the changed <c>$LATEST</c>.</param>
public sealed record OwnersChange(IReadOnlyList<string> Fields, DateTimeOffset SeenAt)
{
    public const string Memory = "memory";
    public const string Timeout = "timeout";
    public const string Environment = "environment";
    public const string Code = "code";
    public const string Other = "other";

    /// <summary>Lambda's <c>LastModified</c> of the configuration the owner left (as Lambda writes it), when known.</summary>
    public string? LastModified { get; init; }

    /// <summary>Lambda's <c>RevisionId</c> of the configuration the owner left, when known.</summary>
    public string? RevisionId { get; init; }

    /// <summary>"memory, environment; seen by the Cleaner 2026-12-02 06:01:02 UTC": the fields and when (Lambda's last-modified time is in the Cleaner's reason).</summary>
    public override string ToString() =>
        string.Join(", ", Fields) + "; seen by the Cleaner " + SeenAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
}
