namespace Tuner.Core.Reports;

/// <summary>One figure of one target compared with the previous run of the job.</summary>
public sealed record TrendEntry(string Function, string Metric, double Previous, double Current, double ChangePct);
