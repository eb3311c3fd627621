using Tuner.Contracts.States;
using Tuner.Reports;

namespace Tuner.Cli.Output;

/// <summary>
/// The Cleaner's record beside a report, in <c>tuner report --json</c>, <c>tuner history --json</c> and <c>tuner verify
/// --json</c> (the schema's <c>cleanup</c>): <see cref="State"/> <c>verified</c> (its signature verified with the
/// expected key), <c>signed</c> (its bytes match its signature's digest and run; the key was not at hand),
/// <c>unsigned</c>, or <c>doesNotVerify</c> (with <see cref="Problem"/>; no target is given then).
/// </summary>
internal sealed record CleanupJson(string State, string? Problem, string? KeyId, DateTimeOffset? CleanedAt, IReadOnlyList<CleanupTargetJson> Targets)
{
    public const string Verified = "verified";
    public const string Signed = "signed";
    public const string Unsigned = "unsigned";
    public const string DoesNotVerify = "doesNotVerify";

    /// <summary>The state of <paramref name="cleanup"/>, as named above.</summary>
    public static string StateOf(CleanupAddendum cleanup)
    {
        ArgumentNullException.ThrowIfNull(cleanup);
        return !cleanup.Trusted ? DoesNotVerify : cleanup.Verified == true ? Verified : cleanup.Signature is null ? Unsigned : Signed;
    }

    /// <summary>Null when there is no record (runs before the Cleaner wrote one).</summary>
    public static CleanupJson? From(CleanupAddendum? cleanup) => cleanup is null
        ? null
        : new CleanupJson(
            StateOf(cleanup),
            cleanup.Trusted ? null : cleanup.Problem,
            cleanup.Signature?.KeyId,
            cleanup.Trusted ? cleanup.Record!.CleanedAt : null,
            cleanup.Trusted ? [.. cleanup.Record!.Targets.Select(t => new CleanupTargetJson(t.Function, t.Outcome, t.Reason, t.Change))] : []);
}

/// <summary>One target after the Cleaner: for <c>keptOwnersChange</c>, the fields changed and when the Cleaner saw them.</summary>
internal sealed record CleanupTargetJson(string Function, CleanupOutcome Outcome, string? Reason, OwnersChange? Change);
