using System.Globalization;
using Tuner.Contracts;
using Tuner.Core.Decisions;
using Tuner.Core.Requests;

namespace Tuner.Core.Planning;

/// <summary>
/// Cold mode (<c>"measure": "cold"</c>): every measured invocation goes to a version no one has invoked yet, so it runs
/// in a new execution environment. Each cell gets a pool of versions published up front, sample <c>k</c> differing from
/// the others by <see cref="Variable"/> = <c>&lt;runId&gt;/&lt;cellId&gt;/&lt;k&gt;</c> (PublishVersion returns the
/// last version when nothing changed, so some configuration must differ). A pool holds what one cell can use in the
/// staged plan: the per-cell ceiling of the narrowing stages (<c>invocations</c>) plus one confirmation look
/// (<c>confirmInvocations</c>), never more than the target's budget; later looks use what the two confirmed cells left.
/// </summary>
public static class ColdStartVersions
{
    /// <summary>The Tuner-owned variable that makes each cold version differ; never a user knob.</summary>
    public const string Variable = TunerEnvironment.ColdStart.Variable;

    /// <summary>
    /// Most versions of one cell. Each version counts its deployment package against the account's 75 GB code storage
    /// (Lambda quotas page, read 2026-12-01) and takes an UpdateFunctionConfiguration, its settling and a PublishVersion.
    /// </summary>
    public const int MaxPerCell = 100;

    /// <summary>Most versions of one run, all targets together (at ~3 s each on AWS, about 15 minutes of publishing).</summary>
    public const int MaxPerRun = 300;

    /// <summary>Run ids are at most 80 characters (Step Functions execution names): the bound of the variable's size.</summary>
    public const int MaxRunIdLength = 80;

    /// <summary>What the estimate assumes one version takes to publish on AWS (update, settle, publish).</summary>
    public const double PublishSecondsPerVersion = 3;

    /// <summary>Samples per cell of the narrowing stages when a cold-mode target gives no <c>invocations</c>.</summary>
    public const int DefaultInvocations = 10;

    /// <summary>Samples per side of the confirmation when a cold-mode target gives no <c>confirmInvocations</c>.</summary>
    public const int DefaultConfirmInvocations = 10;

    /// <summary>Versions one cell of <paramref name="target"/> gets (a plan of <paramref name="cells"/> cells).</summary>
    public static int PerCell(TuningTarget target, int cells)
    {
        ArgumentNullException.ThrowIfNull(target);
        var policy = SamplingPolicy.For(target, cells);
        return Math.Min(policy.Budget, policy.Ceiling + policy.Confirm);
    }

    /// <summary>The version key of sample <paramref name="k"/> (from 1) of a cell: <c>t0-m512.cold3</c>.</summary>
    public static string Key(string cellId, int k) => string.Create(CultureInfo.InvariantCulture, $"{cellId}.cold{k}");

    /// <summary>The value of <see cref="Variable"/> on the version of sample <paramref name="k"/> of a cell.</summary>
    public static string Value(string runId, string cellId, int k) => string.Create(CultureInfo.InvariantCulture, $"{runId}/{cellId}/{k}");

    /// <summary>The most bytes <see cref="Variable"/> adds to a version's environment, with the longest run id.</summary>
    public static int MaxBytes(string cellId, int k) =>
        System.Text.Encoding.UTF8.GetByteCount(Variable) + System.Text.Encoding.UTF8.GetByteCount(Value(new string('x', MaxRunIdLength), cellId, k));

    /// <summary>A planned version's environment as published: with <see cref="Variable"/> for a cold version of <paramref name="runId"/>.</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentOf(PlannedVersion version, string runId)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.ColdSample is not { } k)
        {
            return version.Environment;
        }

        return new SortedDictionary<string, string>(version.Environment.ToDictionary(), StringComparer.Ordinal)
        {
            [Variable] = Value(runId, version.CellIds[0], k),
        };
    }
}
