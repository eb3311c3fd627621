using Tuner.Core.Objectives;
using Tuner.Core.Pricing;
using Tuner.Core.Reports;
using Tuner.Core.Requests;
using Tuner.Core.Statistics;

namespace Tuner.Reports.Synthetic;

/// <summary>
/// A deterministic, plausible report (an ingest function writing 500 items per invocation) for template previews,
/// the render tests and the render benchmark. Figures follow a simple model: CPU time shrinks with memory up to
/// one vCPU, write time shrinks with batch size and parallelism; costs use us-east-1 arm64 prices.
/// </summary>
internal static class SyntheticReport
{
    private const int Items = 500;
    private const decimal GbSecond = 0.0000133334m;
    private const decimal Request = 0.0000002m;
    private const decimal WriteUnit = 0.000000625m;

    public static TuningReport Create(SyntheticReportOptions o)
    {
        var function = "orders-ingest";
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
                        var failedCell = FailedCellReport(id, m, b, p, o);
                        failed.Add(new FailedCell(id, m, b, p, failedCell.Env, o.Invocations, o.Invocations, "Runtime.OutOfMemory", $"Runtime exited with error: signal: killed (max memory used {m} MB)"));
                        cells.Add(failedCell);
                        continue;
                    }

                    cells.Add(Cell(id, m, b, p, false, 0, o));
                }
            }
        }

        var baseline = Cell("t0-baseline", o.BaselineMemoryMb, o.BaselineBatchSize, o.BaselineParallelism, true, o.BaselineErrorRate, o);
        var all = cells.Append(baseline).ToList();
        var measured = all.Where(c => c.Statistics.Duration is not null).ToList();
        var front = measured.Where(c => !measured.Any(d => Dominates(d, c))).OrderBy(c => c.Cost.PerMillionInvocationsUsd).Select(c => c.CellId).ToList();
        all = all.Select(c => c with { OnParetoFront = front.Contains(c.CellId) }).ToList();
        baseline = all[^1];
        var best = measured.OrderBy(c => c.Cost.TotalUsd).ThenBy(c => c.MemoryMb).First();
        var switchIt = best.CellId != baseline.CellId && best.Cost.TotalHighUsd < baseline.Cost.TotalLowUsd;
        var chosen = switchIt ? best : baseline;
        var costPct = (double)((baseline.Cost.TotalUsd - chosen.Cost.TotalUsd) / baseline.Cost.TotalUsd * 100);
        var perMillion = (baseline.Cost.TotalUsd - chosen.Cost.TotalUsd) * 1_000_000m;
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
            switchIt ? "Cheapest configuration; its cost interval is entirely below the current configuration's." : "No configuration is cheaper than the current one by more than the confidence interval.",
            best.CellId);
        var target = new TargetReport(0, function, "arm64", o.MonthlyInvocations, baseline, all.Take(all.Count - 1).Prepend(baseline).ToList(), failed, rec, front, []);

        var target0 = TuningTarget.ForFunction(function) with
        {
            MemoryMb = o.MemoryMb,
            DynamoDbBatch = new DynamoDbBatch(o.BatchSizes, o.Parallelism),
            Invocations = o.Invocations,
            MonthlyInvocations = o.MonthlyInvocations,
        };
        var request = new TuningRequest(o.Job, [target0], new Objective(), new Budget(5m), "us-east-1", 10, AlertThresholds.Default);
        var invocations = (long)(all.Count + failed.Count) * o.Invocations;
        var compute = all.Sum(c => c.Cost.ComputeUsd) * o.Invocations;
        var requests = invocations * Request;
        var dynamo = all.Sum(c => c.Cost.DynamoDbUsd) * o.Invocations;
        var transitions = (all.Count + failed.Count) * 4L + 6;
        var sfn = transitions * 0.000025m;
        var cost = new TuningRunCost(Math.Round((compute + requests + dynamo + sfn) * 1.6m, 6), compute + requests + dynamo + sfn, compute, requests, dynamo, sfn, invocations, transitions);
        var run = new RunMetadata(o.RunId, o.Job, o.FinishedAt.AddMinutes(-14), o.FinishedAt, o.Local ? RunMode.Local : RunMode.Aws, o.LimitsEnforced, "us-east-1", o.Local ? null : "arn:aws:states:us-east-1:123456789012:execution:tuner:" + o.RunId);
        return new TuningReport(TuningReport.CurrentSchemaVersion, run, request, [PricingCatalog.Default.Get("us-east-1", "arm64")], [target], cost, [], [], null);
    }

    private static bool Dominates(CellReport a, CellReport b) =>
        a.Statistics.Duration!.P95 <= b.Statistics.Duration!.P95 && a.Cost.TotalUsd <= b.Cost.TotalUsd
        && (a.Statistics.Duration.P95 < b.Statistics.Duration.P95 || a.Cost.TotalUsd < b.Cost.TotalUsd);

    private static CellReport Cell(string id, int memoryMb, int batch, int parallel, bool isBaseline, double errorRate, SyntheticReportOptions o)
    {
        var cpuMs = 900.0 * 128 / Math.Min(memoryMb, 1769);
        var calls = Math.Ceiling(Items / (double)batch);
        var ioMs = calls / parallel * (4 + (batch * 0.35));
        var mean = (cpuMs + ioMs + 12) * o.DurationFactor;
        var sd = mean * 0.12;
        var n = o.Invocations;
        var errors = (int)Math.Round(errorRate * n);
        var d = new DistributionStatistics(
            n - errors, mean, Ci(mean, sd * 0.3), sd, mean * 0.7, mean * 1.6,
            mean * 0.97, Ci(mean * 0.97, sd * 0.35),
            mean * 1.15, Ci(mean * 1.15, sd * 0.4),
            mean * 1.21, Ci(mean * 1.21, sd * 0.5),
            mean * 1.38, Ci(mean * 1.38, sd * 0.9));
        var billed = Math.Ceiling(mean);
        var billedStats = d with { Mean = billed, Count = n };
        var maxMem = (int)Math.Min(memoryMb, Math.Round((74 + (batch * parallel * 0.45)) * o.MemoryFactor));
        var workload = new WorkloadStatistics(n - errors, (long)Items * (n - errors), Items, Items, Ci(Items, 0), parallel * 0.1, 0);
        var stats = new CellStatistics(n, errors, errorRate, Ci(errorRate, 0.02), 0.1, 5, d, billedStats, 210, maxMem, maxMem * 0.9, workload, errors > 0 ? new Dictionary<string, int> { ["Unhandled"] = errors } : new Dictionary<string, int>(), o.LimitsEnforced);
        var compute = (decimal)(billed / 1000.0 * memoryMb / 1024.0) * GbSecond;
        var dynamo = Items * WriteUnit;
        var total = compute + Request + dynamo;
        var spread = total * 0.004m;
        var cost = new CellCost(compute, Request, dynamo, total, total - spread, total + spread, total * 1_000_000m, total / Items * 1000m);
        var env = new Dictionary<string, string>
        {
            ["TUNER_DDB_BATCH_SIZE"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TUNER_DDB_PARALLELISM"] = parallel.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new CellReport(id, memoryMb, batch, parallel, env, isBaseline, stats, cost, true, [], (double)total, false);
    }

    /// <summary>A cell with no successful invocation, listed in <c>cells</c> as the analyzer does (no duration, billed time only).</summary>
    private static CellReport FailedCellReport(string id, int memoryMb, int batch, int parallel, SyntheticReportOptions o)
    {
        var cell = Cell(id, memoryMb, batch, parallel, false, 1, o);
        return cell with { Statistics = cell.Statistics with { Duration = null, Errors = o.Invocations, ErrorRate = 1 }, MeetsConstraints = false, ConstraintViolations = ["no successful invocation"], Score = null };
    }

    private static ConfidenceInterval Ci(double center, double half) => new(center - half, center + half);
}
