namespace Tuner.Reports.Html;

// The template's view model: every string is already formatted (invariant culture), so the template only lays
// out. Property names are matched case-insensitively by Handlebars.Net (the template uses camelCase).

/// <summary>The whole page.</summary>
internal sealed record ReportView(
    string SchemaVersion,
    string Title,
    string Heading,
    string RunId,
    string GeneratedAt,
    string MeasuredOn,
    string Objective,
    string Css,
    string NoAlertsText,
    IReadOnlyList<AlertView> Alerts,
    IReadOnlyList<TargetView> Targets,
    TrendView Trend,
    RunCostView RunCost,
    IReadOnlyList<string> Method,
    SignatureView Signature,
    CleanupView Cleanup);

/// <summary>One alert line at the top of the page.</summary>
internal sealed record AlertView(string Severity, string SeverityLabel, string Target, string Metric, string Message);

/// <summary>One target's section.</summary>
internal sealed record TargetView(
    string Name,
    string Anchor,
    string Sentence,
    string VerdictClass,
    string BaselineConfig,
    string BaselineCost,
    string BaselineP95,
    string RecommendedConfig,
    string RecommendedCost,
    string RecommendedP95,
    string SavingsPercent,
    string SavingsPercentRaw,
    string SavingsPerMillion,
    string? SavingsPerMonth,
    string? MonthlyInvocations,
    IReadOnlyList<string> Reasons,
    string ScatterSvg,
    string HeatmapSvg,
    string HeatmapCaption,
    IReadOnlyList<FailedView> Failed,
    CellTableView Table,
    IReadOnlyList<CellRowView> Cells,
    IReadOnlyList<string> Warnings,
    DecisionView? Decision);

/// <summary>How the decision was made (schema v2 reports): reason, facts, cold-start costs, stages, A/A check, confirmation.</summary>
internal sealed record DecisionView(
    string Reason,
    string ActionClass,
    IReadOnlyList<LabelValue> Facts,
    string ProductionHeading,
    IReadOnlyList<ColdCostRowView> ColdCosts,
    IReadOnlyList<StageView> Stages,
    StabilityView? Stability,
    ConfirmationView? Confirmation,
    IReadOnlyList<string> Constraints);

/// <summary>The recommended or current configuration's cost per million invocations at 0%, the production share and 10% cold starts.</summary>
internal sealed record ColdCostRowView(string Label, string Config, string AtNone, string AtProduction, string AtTen);

/// <summary>One stage: what it sampled and which cells it dropped on entering (collapsed when many).</summary>
internal sealed record StageView(int Number, string Kind, string KindClass, string Cells, string Samples, string DroppedSummary, bool Collapsed, IReadOnlyList<DroppedView> Dropped);

/// <summary>A cell dropped from the race and why.</summary>
internal sealed record DroppedView(string Id, string Config, string Reason);

/// <summary>The A/A check of the current configuration.</summary>
internal sealed record StabilityView(string VerdictClass, string Verdict, string Text);

/// <summary>The challenger against the current configuration on the confirmation's fresh samples.</summary>
internal sealed record ConfirmationView(string Challenger, string ChallengerConfig, string Baseline, string BaselineConfig, string Samples, IReadOnlyList<ComparisonRowView> Rows);

/// <summary>One compared figure of the confirmation.</summary>
internal sealed record ComparisonRowView(string Figure, string Estimate, string Interval, string Method, string Verdict, string VerdictClass);

/// <summary>Column headings of the every-cell table and its note: v2 reports add cold-start columns and price at the production share.</summary>
internal sealed record CellTableView(string Note, bool ColdProfiles, string TotalHeading);

/// <summary>A cell's cost per million invocations at 0% and at 10% cold starts, under its production total.</summary>
internal sealed record ColdShareCostsView(string AtNone, string AtTen);

/// <summary>A quantile's interval, or why there is none.</summary>
internal sealed record IntervalView(string Text, string Title, string Class);

/// <summary>A failed cell and why.</summary>
internal sealed record FailedView(string Id, string Config, string Reason);

/// <summary>One row of the every-cell table.</summary>
internal sealed record CellRowView(
    string Id,
    string RowClass,
    string? Tags,
    int MemoryMb,
    string Config,
    int Invocations,
    string P50,
    string P95,
    string P99,
    IntervalView? P50Ci,
    IntervalView? P95Ci,
    IntervalView? P99Ci,
    string P50Raw,
    string P95Raw,
    string P99Raw,
    string Compute,
    string Requests,
    string Dynamo,
    string Total,
    string TotalRaw,
    ColdShareCostsView? ColdShareCosts,
    bool ColdProfiles,
    string Errors,
    string ColdStarts,
    string MeanInit,
    string ColdLatency,
    string MaxMemory,
    string ItemsPerSecond,
    string ThrottlesRetries,
    string InvokeRetries);

/// <summary>The week-to-week section.</summary>
internal sealed record TrendView(string StatusClass, string StatusText, IReadOnlyList<TrendTargetView> Targets);

/// <summary>One target's week-to-week figures.</summary>
internal sealed record TrendTargetView(string Name, bool RecommendationChanged, string RecommendationText, IReadOnlyList<TrendRowView> Rows);

/// <summary>One compared figure.</summary>
internal sealed record TrendRowView(string Subject, string SubjectLabel, string Metric, string MetricLabel, string Previous, string Current, string Change, string Arrow, string DirectionClass, string Verdict);

/// <summary>The tuning run's own cost.</summary>
internal sealed record RunCostView(string Sentence, IReadOnlyList<LabelValue> Items);

/// <summary>A label and its formatted value.</summary>
internal sealed record LabelValue(string Label, string Value);

/// <summary>Signature facts and how to verify.</summary>
internal sealed record SignatureView(string Text, string KeyId, string Algorithm, string? Digest);
