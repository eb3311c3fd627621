using Tuner.Core.Reports;

namespace Tuner.Reports.Trends;

/// <summary>
/// The result of <see cref="TrendAnalyzer.Compare"/>: the trend section (<c>null</c> on a first run or when the
/// previous report could not be verified) and the alerts, ready for <c>report with { Trend = …, Alerts = … }</c>.
/// </summary>
public sealed record TrendComparison(TrendSection? Trend, IReadOnlyList<ReportAlert> Alerts);
