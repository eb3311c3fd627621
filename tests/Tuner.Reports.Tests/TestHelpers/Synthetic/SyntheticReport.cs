using Tuner.Core.Decisions;
using Tuner.Core.Objectives;
using Tuner.Core.Pricing;
using Tuner.Core.Reports;
using Tuner.Core.Requests;
using Tuner.Core.Statistics;

namespace Tuner.Reports.Tests.TestHelpers.Synthetic;

/// <summary>
/// A deterministic, plausible report (an ingest function writing 500 items per invocation) for template previews,
/// the render tests and the render benchmark. Figures follow a simple model: CPU time shrinks with memory up to
/// one vCPU, write time shrinks with batch size and parallelism; costs use us-east-1 arm64 prices.
/// </summary>
internal static class SyntheticReport
{
    /// <summary>The current configuration's cell id.</summary>
    public const string Baseline = "t0-baseline";

    /// <summary>The schema a report without a decision was written in.</summary>
    public const string SchemaV1 = "tuner.report/v1";

    /// <summary>The schema of staged reports: decisions, warm statistics, cold-start profiles, production cost.</summary>
    public const string SchemaV2 = "tuner.report/v2";

    private const int Items = 500;
    private const decimal GbSecond = 0.0000133334m;
    private const decimal Request = 0.0000002m;
    private const decimal WriteUnit = 0.000000625m;

    public static TuningReport Create(SyntheticReportOptions o)
    {
        var function = "orders-ingest";
        var (cells, failed, baseline) = Matrix(o, _ => o.Invocations);
        SyntheticDecision? staged = null;
        if (o.Staged)
        {
            staged = SyntheticDecision.Create(cells, baseline, o.Invocations, o.ColdStartShare, o.UnstableBaseline);
            (cells, failed, baseline) = Matrix(o, id => staged.Samples[id]);
        }

        var all = cells.Append(baseline).ToList();
        var measured = all.Where(c => c.Statistics.Duration is not null).ToList();
        var front = measured.Where(c => !measured.Any(d => Dominates(d, c))).OrderBy(c => c.Cost.PerMillionInvocationsUsd).Select(c => c.CellId).ToList();
        all = all.Select(c => c with { OnParetoFront = front.Contains(c.CellId) }).ToList();
        baseline = all[^1];
        var best = measured.OrderBy(c => c.Cost.TotalUsd).ThenBy(c => c.MemoryMb).First();
        var switchIt = staged is null
            ? best.CellId != baseline.CellId && best.Cost.TotalHighUsd < baseline.Cost.TotalLowUsd
            : staged.Decision.Action == RecommendationAction.Switch;
        var chosen = staged is null ? (switchIt ? best : baseline) : all.Single(c => c.CellId == staged.Decision.ChosenCellId);
        var costPct = (double)((baseline.Cost.TotalUsd - chosen.Cost.TotalUsd) / baseline.Cost.TotalUsd * 100);
        var perMillion = (baseline.Cost.TotalUsd - chosen.Cost.TotalUsd) * 1_000_000m;
        var reason = staged?.Decision.Reason
            ?? (switchIt ? "Cheapest configuration; its cost interval is entirely below the current configuration's." : "No configuration is cheaper than the current one by more than the confidence interval.");
        var rec = new Recommendation(
            switchIt ? RecommendationAction.Switch : RecommendationAction.KeepCurrent,
            chosen.CellId,
            chosen.MemoryMb,
            chosen.BatchSize,
            chosen.Parallelism,
            chosen.Env,
            chosen.Cost.TotalUsd,
            chosen.Statistics.Duration?.P95,
            chosen.Statistics.Duration?.Mean,
            new Savings(costPct, perMillion, o.MonthlyInvocations is { } mi ? perMillion * mi / 1_000_000m : null, (chosen.Statistics.Duration!.P95 - baseline.Statistics.Duration!.P95) / baseline.Statistics.Duration.P95 * 100),
            reason,
            staged?.Decision.Confirmation?.Challenger ?? best.CellId);
        var target = new TargetReport(0, function, "arm64", o.MonthlyInvocations, baseline, all.Take(all.Count - 1).Prepend(baseline).ToList(), failed, rec, front, [], staged?.Decision);

        var target0 = TuningTarget.ForFunction(function) with
        {
            MemoryMb = o.MemoryMb,
            DynamoDbBatch = new DynamoDbBatch(o.BatchSizes, o.Parallelism),
            Invocations = o.Invocations,
            MonthlyInvocations = o.MonthlyInvocations,
            ColdStartShare = o.Staged ? o.ColdStartShare : null,
        };
        var request = new TuningRequest(o.Job, [target0], new Objective(), new Budget(5m), "us-east-1", 10, AlertThresholds.Default);
        var invocations = staged is null ? (long)(all.Count + failed.Count) * o.Invocations : staged.Decision.TotalInvocations;
        var compute = all.Sum(c => c.Cost.ComputeUsd * c.Statistics.Count);
        var requests = invocations * Request;
        var dynamo = all.Sum(c => c.Cost.DynamoDbUsd * c.Statistics.Count);
        var transitions = (all.Count + failed.Count) * 4L + 6;
        var sfn = transitions * 0.000025m;
        var cost = new TuningRunCost(Math.Round((compute + requests + dynamo + sfn) * 1.6m, 6), compute + requests + dynamo + sfn, compute, requests, dynamo, sfn, invocations, transitions);
        var run = new RunMetadata(o.RunId, o.Job, o.FinishedAt.AddMinutes(-14), o.FinishedAt, o.Local ? RunMode.Local : RunMode.Aws, o.LimitsEnforced, "us-east-1", o.Local ? null : "arn:aws:states:us-east-1:123456789012:execution:tuner:" + o.RunId);
        return new TuningReport(o.Staged ? SchemaV2 : SchemaV1, run, request, [PricingCatalog.Default.Get("us-east-1", "arm64")], [target], cost, [], [], null);
    }

    /// <summary>The matrix cells (failed ones included, as the analyzer lists them), the failures and the current configuration, each cell measured <paramref name="samples"/> times.</summary>
    private static (List<CellReport> Cells, List<FailedCell> Failed, CellReport Baseline) Matrix(SyntheticReportOptions o, Func<string, int> samples)
    {
        var cells = new List<CellReport>();
        var failed = new List<FailedCell>();
        var failedLeft = o.FailedCells;
        foreach (var m in o.MemoryMb)
        {
            foreach (var b in o.BatchSizes)
            {
                foreach (var p in o.Parallelism)
                {
                    var id = $"t0-m{m}-b{b}-p{p}";
                    if (failedLeft > 0 && m == o.MemoryMb[0] && !(m == o.BaselineMemoryMb && b == o.BaselineBatchSize && p == o.BaselineParallelism))
                    {
                        failedLeft--;
                        var n = samples(id);
                        var failedCell = FailedCellReport(id, m, b, p, o, n);
                        failed.Add(new FailedCell(id, m, b, p, failedCell.Env, n, n, "Runtime.OutOfMemory", $"Runtime exited with error: signal: killed (max memory used {m} MB)"));
                        cells.Add(failedCell);
                        continue;
                    }

                    cells.Add(Cell(id, m, b, p, false, 0, o, samples(id)));
                }
            }
        }

        return (cells, failed, Cell(Baseline, o.BaselineMemoryMb, o.BaselineBatchSize, o.BaselineParallelism, true, o.BaselineErrorRate, o, samples(Baseline)));
    }

    private static bool Dominates(CellReport a, CellReport b) =>
        a.Statistics.Duration!.P95 <= b.Statistics.Duration!.P95 && a.Cost.TotalUsd <= b.Cost.TotalUsd
        && (a.Statistics.Duration.P95 < b.Statistics.Duration.P95 || a.Cost.TotalUsd < b.Cost.TotalUsd);

    private static CellReport Cell(string id, int memoryMb, int batch, int parallel, bool isBaseline, double errorRate, SyntheticReportOptions o, int n)
    {
        var cpuMs = 900.0 * 128 / Math.Min(memoryMb, 1769);
        var calls = Math.Ceiling(Items / (double)batch);
        var ioMs = calls / parallel * (4 + (batch * 0.35));
        var mean = (cpuMs + ioMs + 12) * o.DurationFactor;
        var sd = mean * 0.12;
        var errors = (int)Math.Round(errorRate * n);
        var d = new DistributionStatistics(
            n - errors, mean, Ci(mean, sd * 0.3), sd, mean * 0.7, mean * 1.6,
            mean * 0.97, QuantileCi(mean * 0.97, sd * 0.35, 0.50, n - errors, o),
            mean * 1.15, QuantileCi(mean * 1.15, sd * 0.4, 0.90, n - errors, o),
            mean * 1.21, QuantileCi(mean * 1.21, sd * 0.5, 0.95, n - errors, o),
            mean * 1.38, QuantileCi(mean * 1.38, sd * 0.9, 0.99, n - errors, o));
        var billed = Math.Ceiling(mean);
        var billedStats = d with { Mean = billed, Count = n };
        var maxMem = (int)Math.Min(memoryMb, Math.Round((74 + (batch * parallel * 0.45)) * o.MemoryFactor));
        var workload = new WorkloadStatistics(n - errors, (long)Items * (n - errors), Items, Items, Ci(Items, 0), parallel * 0.1, 0);
        var errorTypes = errors > 0 ? new Dictionary<string, int> { ["Unhandled"] = errors } : new Dictionary<string, int>();
        // Schema v2 statistics are of warm invocations only: the cold starts are in the cold-start profile.
        var stats = new CellStatistics(n, errors, errorRate, Ci(errorRate, 0.02), o.Staged ? 0 : 0.1, o.Staged ? 0 : 5, d, billedStats, o.Staged ? null : 210, maxMem, maxMem * 0.9, workload, errorTypes, o.LimitsEnforced);
        var usdPerMs = (decimal)(memoryMb / 1024.0 / 1000.0) * GbSecond;
        var compute = (decimal)billed * usdPerMs;
        var dynamo = Items * WriteUnit;
        var warm = compute + Request + dynamo;
        ColdStartProfile? cold = null;
        CellCost cost;
        if (o.Staged)
        {
            // INIT shrinks with memory (more CPU) and the first invocation runs about twice as long (JIT); INIT is billed.
            var init = Math.Round(120 + (30_000.0 / Math.Min(memoryMb, 1769)), 1);
            var coldDuration = mean * 1.9;
            var coldExtra = (decimal)(Math.Ceiling(init + coldDuration) - billed) * usdPerMs;
            cold = new ColdStartProfile(isBaseline ? 2 : 1, init, init + coldDuration, (double)(warm + coldExtra));
            var share = (decimal)o.ColdStartShare;
            var production = warm + (share * coldExtra);
            var spread = production * 0.004m;
            cost = new CellCost(compute + (share * coldExtra), Request, dynamo, production, production - spread, production + spread, production * 1_000_000m, production / Items * 1000m, warm, coldExtra, o.ColdStartShare, warm, warm + (0.1m * coldExtra));
        }
        else
        {
            var spread = warm * 0.004m;
            cost = new CellCost(compute, Request, dynamo, warm, warm - spread, warm + spread, warm * 1_000_000m, warm / Items * 1000m);
        }

        var env = new Dictionary<string, string>
        {
            ["TUNER_DDB_BATCH_SIZE"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TUNER_DDB_PARALLELISM"] = parallel.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new CellReport(id, memoryMb, batch, parallel, env, isBaseline, stats, cost, true, [], (double)cost.TotalUsd, false, cold);
    }

    /// <summary>A cell with no successful invocation, listed in <c>cells</c> as the analyzer does (no duration, billed time only).</summary>
    private static CellReport FailedCellReport(string id, int memoryMb, int batch, int parallel, SyntheticReportOptions o, int n)
    {
        var cell = Cell(id, memoryMb, batch, parallel, false, 1, o, n);
        return cell with { Statistics = cell.Statistics with { Duration = null, Errors = n, ErrorRate = 1 }, MeetsConstraints = false, ConstraintViolations = ["no successful invocation"], Score = null };
    }

    private static ConfidenceInterval Ci(double center, double half) => new(center - half, center + half);

    /// <summary>A quantile's interval; in v2 reports null where the sample is too small for an upper 95% bound, as the analyzer writes it.</summary>
    private static ConfidenceInterval? QuantileCi(double center, double half, double p, int n, SyntheticReportOptions o) =>
        o.Staged && n < Quantiles.MinimumForUpperBound(p) ? null : Ci(center, half);
}
