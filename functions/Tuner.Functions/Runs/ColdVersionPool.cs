using Tuner.Contracts;
using Tuner.Core.Decisions;
using Tuner.Core.Planning;
using Tuner.Functions.Errors;

namespace Tuner.Functions.Runs;

/// <summary>
/// Hands out the cold-mode versions the Planner published up front (<see cref="ColdStartVersions"/>): each stage's
/// quota of a cell takes the next unused versions of that cell's pool, in order, and a version is never handed out
/// twice — a unit that stopped at its deadline leaves its unused versions behind, uninvoked, for the Cleaner. A quota
/// larger than what is left is cut to it; a cell with nothing left is not measured again.
/// </summary>
internal sealed class ColdVersionPool
{
    private readonly Dictionary<string, int> _handedOut;
    private readonly IReadOnlyDictionary<string, string> _published;
    private readonly string _runId;

    public ColdVersionPool(string runId, IReadOnlyDictionary<string, int>? handedOut, IReadOnlyDictionary<string, string> published)
    {
        _runId = runId;
        _handedOut = new Dictionary<string, int>(handedOut ?? new Dictionary<string, int>(), StringComparer.Ordinal);
        _published = published;
    }

    /// <summary>Versions handed out so far per cell (what <c>stages.json</c> records).</summary>
    public IReadOnlyDictionary<string, int> HandedOut => _handedOut;

    /// <summary>The quotas of <paramref name="plan"/>'s stage cut to what each cell's pool has left, with the versions each takes.</summary>
    public List<(CellQuota Quota, IReadOnlyList<string> Qualifiers)> Take(TargetPlan plan, IEnumerable<CellQuota> quotas)
    {
        var taken = new List<(CellQuota, IReadOnlyList<string>)>();
        foreach (var quota in quotas)
        {
            var pool = plan.Versions.Count(v => v.ColdSample is not null && v.CellIds.Count > 0 && v.CellIds[0] == quota.CellId);
            var used = _handedOut.GetValueOrDefault(quota.CellId);
            var count = Math.Min(quota.Samples, pool - used);
            if (count <= 0)
            {
                continue;
            }

            var qualifiers = new List<string>(count);
            for (var k = used + 1; k <= used + count; k++)
            {
                var key = ColdStartVersions.Key(quota.CellId, k);
                qualifiers.Add(_published.TryGetValue(key, out var version)
                    ? version
                    : throw new InvalidStateInputException($"cold version {key} was not published in {BucketKeys.Plan(_runId)}"));
            }

            _handedOut[quota.CellId] = used + count;
            taken.Add((quota with { Samples = count, WarmUp = false }, qualifiers));
        }

        return taken;
    }
}
