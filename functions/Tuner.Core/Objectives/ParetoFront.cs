namespace Tuner.Core.Objectives;

/// <summary>The cells no other cell beats on both cost and p95 latency.</summary>
public static class ParetoFront
{
    /// <summary>Ids of the non-dominated points (lower is better on both axes), cheapest first.</summary>
    public static IReadOnlyList<string> Compute(IEnumerable<(string Id, decimal Cost, double P95)> points)
    {
        var front = new List<string>();
        var bestP95 = double.PositiveInfinity;
        foreach (var point in points.OrderBy(p => p.Cost).ThenBy(p => p.P95).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            if (point.P95 < bestP95)
            {
                front.Add(point.Id);
                bestP95 = point.P95;
            }
        }

        return front;
    }
}
