using System.Text.Json.Serialization;

namespace Tuner.Contracts.States;

/// <summary>
/// What the Cleaner did to one target's <c>$LATEST</c>. Its JSON names (<c>unchanged</c>, <c>restored</c>,
/// <c>keptOwnersChange</c>, <c>failed</c>) are stated here, for every serializer: the Cleaner's output and
/// <c>cleanup.json</c>, and their readers (the signed cleanup check, <c>tuner fetch</c>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CleanupOutcome>))]
public enum CleanupOutcome
{
    /// <summary><c>$LATEST</c> already equalled the baseline: nothing to put back.</summary>
    [JsonStringEnumMemberName("unchanged")]
    Unchanged,

    /// <summary><c>$LATEST</c> differed from the baseline and was put back.</summary>
    [JsonStringEnumMemberName("restored")]
    Restored,

    /// <summary>The function's owner changed <c>$LATEST</c> during the run; their change was kept.</summary>
    [JsonStringEnumMemberName("keptOwnersChange")]
    KeptOwnersChange,

    /// <summary>The restore or the deletion of a version failed; <see cref="TargetCleanup.Reason"/> says why.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
