namespace Tuner.Reports.Charts;

/// <summary>One cell on the cost vs duration chart: X is the duration (ms), Y the cost (USD per million invocations).</summary>
internal sealed record ScatterPoint(
    string Id,
    string Label,
    double X,
    double Y,
    bool OnParetoFront,
    bool IsBaseline,
    bool IsRecommended,
    string Tooltip);
