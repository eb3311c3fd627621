using System.Globalization;
using Tuner.Contracts.States;
using Tuner.Core.Planning;
using Tuner.Core.Ports;

namespace Tuner.Functions.Lambda;

/// <summary>
/// The configurations Tuner may have written to one target's <c>$LATEST</c> (the baseline and each planned version's
/// memory and environment, at the baseline's timeout) and the code it measured. A <c>$LATEST</c> with any other
/// configuration was changed by someone else: Tuner keeps it and says what changed.
/// </summary>
internal sealed class TunerWrites(string runId, BaselineConfiguration baseline, IEnumerable<PlannedVersion> versions)
{
    private readonly List<BaselineConfiguration> _written = [baseline, .. versions.Select(v => Of(baseline, v, runId))];

    /// <summary>The run whose writes these are.</summary>
    public string RunId { get; } = runId;

    public BaselineConfiguration Baseline { get; } = baseline;

    /// <summary>What <c>$LATEST</c> must be to publish <paramref name="version"/> (a cold version carries its <see cref="ColdStartVersions.Variable"/>).</summary>
    public BaselineConfiguration Wanted(PlannedVersion version) => Of(Baseline, version, RunId);

    /// <summary>True when <paramref name="current"/>'s memory, timeout and environment are one Tuner wrote.</summary>
    public bool Wrote(FunctionConfiguration current) => _written.Any(w => FunctionConfigurator.Matches(current, w));

    /// <summary>
    /// True when <paramref name="published"/>, a version Tuner published in this run, is the baseline but for its memory
    /// and the <paramref name="knobs"/> (the variables the run varies): the timeout and every other variable are the
    /// baseline's. A baseline edited in plan.json after the Planner recorded it fails this against the versions Lambda
    /// holds, which the bucket cannot change.
    /// </summary>
    public bool IsBaselineOf(FunctionConfiguration published, IReadOnlySet<string> knobs)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(knobs);
        return published.TimeoutSeconds == Baseline.TimeoutSeconds
            && published.Environment.Keys.Union(Baseline.Environment.Keys, StringComparer.Ordinal)
                .Where(name => !knobs.Contains(name))
                .All(name => published.Environment.TryGetValue(name, out var value) == Baseline.Environment.TryGetValue(name, out var baselineValue) && value == baselineValue);
    }

    /// <summary>True when <paramref name="current"/> runs the code Tuner saw (or no code hash is known to compare).</summary>
    public bool SameCode(FunctionConfiguration current) =>
        Baseline.CodeSha256 is null || current.CodeSha256 is null || current.CodeSha256 == Baseline.CodeSha256;

    /// <summary>
    /// For a <c>$LATEST</c> someone else changed while Tuner's test configuration was on it: the update that puts back
    /// only the fields still holding a value Tuner wrote (a test memory, a knob's test value) and keeps the rest as the
    /// owner set it; null when no field holds one of Tuner's values.
    /// </summary>
    public FunctionConfigurationUpdate? UndoTunerFields(FunctionConfiguration current)
    {
        int? memory = current.MemorySizeMb != Baseline.MemoryMb && _written.Any(w => w.MemoryMb == current.MemorySizeMb) ? Baseline.MemoryMb : null;
        var environment = new Dictionary<string, string>(current.Environment.ToDictionary(), StringComparer.Ordinal);
        var undone = false;
        foreach (var (name, value) in current.Environment)
        {
            var baselineHas = Baseline.Environment.TryGetValue(name, out var baselineValue);
            var tunerWrote = _written.Any(w => w.Environment.TryGetValue(name, out var written) && written == value && (!baselineHas || written != baselineValue));
            if (!tunerWrote)
            {
                continue;
            }

            undone = true;
            if (baselineHas)
            {
                environment[name] = baselineValue!;
            }
            else
            {
                environment.Remove(name);
            }
        }

        return memory is null && !undone ? null : new FunctionConfigurationUpdate(memory, null, undone ? environment : null);
    }

    /// <summary>What differs between <paramref name="current"/> and the baseline, and when it last changed (names, never values).</summary>
    public string DescribeChange(FunctionConfiguration current)
    {
        var changes = new List<string>();
        if (current.MemorySizeMb != Baseline.MemoryMb)
        {
            changes.Add(string.Create(CultureInfo.InvariantCulture, $"memory {Baseline.MemoryMb} → {current.MemorySizeMb} MB"));
        }

        if (current.TimeoutSeconds != Baseline.TimeoutSeconds)
        {
            changes.Add(string.Create(CultureInfo.InvariantCulture, $"timeout {Baseline.TimeoutSeconds} → {current.TimeoutSeconds} s"));
        }

        var added = current.Environment.Keys.Where(k => !Baseline.Environment.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var removed = Baseline.Environment.Keys.Where(k => !current.Environment.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var changed = current.Environment.Where(kv => Baseline.Environment.TryGetValue(kv.Key, out var v) && v != kv.Value).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        var environment = new List<string>();
        AddNames(environment, "added", added);
        AddNames(environment, "removed", removed);
        AddNames(environment, "changed", changed);
        if (environment.Count > 0)
        {
            changes.Add("environment variables " + string.Join(", ", environment));
        }

        if (!SameCode(current))
        {
            changes.Add($"code {Short(Baseline.CodeSha256)} → {Short(current.CodeSha256)}");
        }

        var what = changes.Count == 0 ? "a change Tuner does not compare (revision " + (current.RevisionId ?? "?") + ")" : string.Join(", ", changes);
        return current.LastModified is { } at ? $"{what}, last modified {at}" : what;
    }

    /// <summary>
    /// The fields of <paramref name="current"/> that differ from the baseline, as <see cref="OwnersChange"/> names them
    /// (<c>other</c> alone when none Tuner compares does).
    /// </summary>
    public IReadOnlyList<string> ChangedFields(FunctionConfiguration current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var fields = new List<string>();
        if (current.MemorySizeMb != Baseline.MemoryMb)
        {
            fields.Add(OwnersChange.Memory);
        }

        if (current.TimeoutSeconds != Baseline.TimeoutSeconds)
        {
            fields.Add(OwnersChange.Timeout);
        }

        if (current.Environment.Count != Baseline.Environment.Count
            || current.Environment.Any(kv => !Baseline.Environment.TryGetValue(kv.Key, out var v) || v != kv.Value))
        {
            fields.Add(OwnersChange.Environment);
        }

        if (!SameCode(current))
        {
            fields.Add(OwnersChange.Code);
        }

        return fields.Count == 0 ? [OwnersChange.Other] : fields;
    }

    private static BaselineConfiguration Of(BaselineConfiguration baseline, PlannedVersion version, string runId) =>
        baseline with { MemoryMb = version.MemoryMb, Environment = ColdStartVersions.EnvironmentOf(version, runId) };

    private static void AddNames(List<string> changes, string label, List<string> names)
    {
        if (names.Count > 0)
        {
            changes.Add($"{label} {string.Join(", ", names)}");
        }
    }

    private static string Short(string? sha) => sha is null ? "?" : sha[..Math.Min(12, sha.Length)];
}
