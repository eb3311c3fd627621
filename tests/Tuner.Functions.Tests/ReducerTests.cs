using System.Text.Json;
using Tuner.Aws.Signing;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Objectives;
using Tuner.Core.Reports;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;
using Tuner.Functions.Tests.TestHelpers;

namespace Tuner.Functions.Tests;

public sealed class ReducerTests : IDisposable
{
    private readonly RunHarness _run = new();

    public ReducerTests()
    {
        _run.AddMemoryBoundFunction("orders-ingest");
    }

    public void Dispose() => _run.Dispose();

    [Fact]
    public async Task Handle_AfterEveryExecutor_WritesSignedReportHtmlCsvAndLatest()
    {
        var (plan, _) = await _run.PlanAndExecuteAsync(Requests.Small(), Requests.RunId);

        var output = await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = Requests.RunId, bucket = plan.Bucket });

        Assert.Equal(BucketKeys.Report(Requests.RunId), output.ReportKey);
        Assert.Equal(5, output.CellsMeasured);
        Assert.Equal(0, output.CellsFailed);
        var reportBytes = _run.Store.Objects[output.ReportKey];
        var signature = ReportSignatureFile.Parse(_run.Store.Objects[output.SignatureKey]);
        Assert.True(await _run.Verifier().VerifyAsync(reportBytes, signature));
        Assert.Equal((2, Requests.RunId, "orders"), (signature.SchemaVersion, signature.RunId, signature.Job));
        Assert.Equal(reportBytes, _run.Store.Objects[BucketKeys.Latest("orders")]);
        Assert.Contains("<html", System.Text.Encoding.UTF8.GetString(_run.Store.Objects[output.HtmlKey!]), StringComparison.OrdinalIgnoreCase);
        var sampleCount = _run.Store.Objects.Where(o => o.Key.StartsWith(BucketKeys.SamplesPrefix(Requests.RunId), StringComparison.Ordinal))
            .Sum(o => System.Text.Encoding.UTF8.GetString(o.Value).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(1 + sampleCount, System.Text.Encoding.UTF8.GetString(_run.Store.Objects[output.CsvKey!]).Trim().Split('\n').Length);
        var report = TuningReport.Parse(reportBytes);
        var target = Assert.Single(report.Targets);
        Assert.NotNull(target.Recommendation);
        Assert.Equal(5, target.Cells.Count);
        Assert.Single(output.Recommendations);
    }

    [Fact]
    public async Task Handle_CostTiedByDynamoDbWrites_GoesToTheFastestTier()
    {
        var (plan, _) = await _run.PlanAndExecuteAsync(Requests.Small(), Requests.RunId);

        await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = Requests.RunId, bucket = plan.Bucket });

        var report = TuningReport.Parse(_run.Store.Objects[BucketKeys.Report(Requests.RunId)]);
        // Each invocation writes 100 units (6.25e-5 USD), far above its compute: every tier costs the same within 3%, and
        // the tie goes to the fastest tier, 1024 MB (40 ms against 100 ms at 256 MB).
        var recommendation = report.Targets[0].Recommendation!;
        Assert.True(recommendation is { MemoryMb: 1024, Action: RecommendationAction.Switch }, recommendation.Reason);
        Assert.Contains("same cost as the current configuration within the 3% margin", recommendation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_SecondRunOfTheJob_ComparesWithTheVerifiedPreviousReport()
    {
        var first = await _run.PlanAndExecuteAsync(Requests.Small(), "run-1");
        await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = "run-1", bucket = first.Plan.Bucket });
        await _run.CleanAsync(Requests.Small(), "run-1");
        var second = await _run.PlanAndExecuteAsync(Requests.Small(), "run-2");

        await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = "run-2", bucket = second.Plan.Bucket });

        var report = TuningReport.Parse(_run.Store.Objects[BucketKeys.Report("run-2")]);
        Assert.NotNull(report.Trend);
        Assert.Equal("run-1", report.Trend.PreviousRunId);
    }

    [Fact]
    public async Task Handle_TamperedPreviousReport_IsNotTrustedAndRaisesAnAlert()
    {
        var first = await _run.PlanAndExecuteAsync(Requests.Small(), "run-1");
        await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = "run-1", bucket = first.Plan.Bucket });
        await _run.CleanAsync(Requests.Small(), "run-1");
        var latest = _run.Store.Objects[BucketKeys.Latest("orders")];
        var text = System.Text.Encoding.UTF8.GetString(latest).Replace("\"job\":\"orders\"", "\"job\":\"orders\" ", StringComparison.Ordinal);
        _run.Store.Objects[BucketKeys.Latest("orders")] = System.Text.Encoding.UTF8.GetBytes(text);
        var second = await _run.PlanAndExecuteAsync(Requests.Small(), "run-2");

        await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = "run-2", bucket = second.Plan.Bucket });

        var report = TuningReport.Parse(_run.Store.Objects[BucketKeys.Report("run-2")]);
        Assert.Null(report.Trend);
        Assert.Contains(report.Alerts, a => a.Metric == Tuner.Reports.Trends.TrendAnalyzer.PreviousUnverifiedMetric);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_AnotherJobsSignedReportCopiedToThisJobsLatest_IsNotTrusted()
    {
        // The report of job orders is genuinely signed; copied to jobs/payments/latest.json it must not become the
        // baseline payments' trend is judged against.
        var first = await _run.PlanAndExecuteAsync(Requests.Small(), "run-1");
        await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = "run-1", bucket = first.Plan.Bucket });
        await _run.CleanAsync(Requests.Small(), "run-1");
        _run.Store.Objects[BucketKeys.Latest("payments")] = _run.Store.Objects[BucketKeys.Latest("orders")];
        var payments = Requests.Parse(Requests.Small().GetRawText().Replace("\"job\": \"orders\"", "\"job\": \"payments\"", StringComparison.Ordinal));
        var second = await _run.PlanAndExecuteAsync(payments, "run-2");

        await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = "run-2", bucket = second.Plan.Bucket });

        var report = TuningReport.Parse(_run.Store.Objects[BucketKeys.Report("run-2")]);
        Assert.Equal("payments", report.Run.Job);
        Assert.Null(report.Trend);
        Assert.Contains(report.Alerts, a => a.Metric == Tuner.Reports.Trends.TrendAnalyzer.PreviousUnverifiedMetric);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_SamplesOutsideThePlansCellFolders_AreNotReadAndAreReportedAsAWarning()
    {
        // Before: every *.jsonl under samples/ was read and its lines counted into the cell they named.
        var (plan, _) = await _run.PlanAndExecuteAsync(Requests.Small(), Requests.RunId);
        var prefix = BucketKeys.SamplesPrefix(Requests.RunId);
        var (realKey, realBytes) = _run.Store.Objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => (o.Key, o.Value)).First();
        var cell = realKey[prefix.Length..realKey.IndexOf('/', prefix.Length)];
        var measured = TuningReport.Parse(await ReduceAsync()).Targets[0].Cells.Single(c => c.CellId == cell).Statistics.Count;
        _run.Store.Objects[prefix + "forged/step-1.jsonl"] = realBytes;
        var otherCell = plan.Cells.First(c => c.Id != cell).Id;
        _run.Store.Objects[prefix + otherCell + "/step-9.jsonl"] = realBytes;

        var report = TuningReport.Parse(await ReduceAsync());

        Assert.Equal(measured, report.Targets[0].Cells.Single(c => c.CellId == cell).Statistics.Count);
        Assert.Contains(report.Warnings, w => w.Contains("not samples of the plan's cells", StringComparison.Ordinal) && w.Contains(prefix + "forged/step-1.jsonl", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Contains(otherCell + "/step-9.jsonl", StringComparison.Ordinal) && w.Contains("name another cell", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_BaselineWithASecretVariable_OnlyTheSecretsPrefixCarriesItsValue()
    {
        // Report readers may read runs/ and jobs/; the baseline values live only under secrets/ (Planner and Cleaner).
        _run.Lambda.OwnerChanges("orders-ingest", c => c with { Environment = new Dictionary<string, string>(c.Environment.ToDictionary(), StringComparer.Ordinal) { ["DB_PASSWORD"] = "s3cr3t-hunter2" } });
        await _run.PlanAndExecuteAsync(Requests.Small(), Requests.RunId);

        var output = await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = Requests.RunId, bucket = "tuner-test" });

        Assert.Contains("s3cr3t-hunter2", System.Text.Encoding.UTF8.GetString(_run.Store.Objects[BucketKeys.Baselines(Requests.RunId)]), StringComparison.Ordinal);
        foreach (var key in new[] { BucketKeys.Plan(Requests.RunId), output.ReportKey, output.SignatureKey, output.HtmlKey!, output.CsvKey!, output.LatestKey })
        {
            Assert.DoesNotContain("s3cr3t-hunter2", System.Text.Encoding.UTF8.GetString(_run.Store.Objects[key]), StringComparison.Ordinal);
        }
    }

    private async Task<byte[]> ReduceAsync()
    {
        var output = await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = Requests.RunId, bucket = "tuner-test" });
        return _run.Store.Objects[output.ReportKey];
    }

    [Fact]
    public async Task Handle_CellThatRanOutOfMemory_IsReportedAsFailed()
    {
        var function = _run.Lambda.Function("orders-ingest");
        var healthy = function.Behaviour;
        function.Behaviour = (configuration, payload) => configuration.MemorySizeMb == 256
            ? Task.FromResult(FakeLambdaApi.Failure(configuration, "Runtime.OutOfMemory", "Runtime exited with error: signal: killed"))
            : healthy(configuration, payload);
        var (plan, _) = await _run.PlanAndExecuteAsync(Requests.Small(), Requests.RunId);

        var output = await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = Requests.RunId, bucket = plan.Bucket });

        Assert.Equal(2, output.CellsFailed);
        var report = TuningReport.Parse(_run.Store.Objects[BucketKeys.Report(Requests.RunId)]);
        Assert.All(report.Targets[0].FailedCells, f => Assert.Equal("Runtime.OutOfMemory", f.ErrorType));
        Assert.NotEqual(256, report.Targets[0].Recommendation!.MemoryMb);
    }

    [Fact]
    public async Task Handle_UnitSummaries_BecomeReportWarnings()
    {
        var (plan, steps) = await _run.PlanAndExecuteAsync(Requests.Small(), Requests.RunId);
        var cut = new UnitSummary(1, 0, 0, 1, DeadlineReached: true, [
            new CellSummary
            {
                CellId = "t0-baseline",
                TargetIndex = 0,
                Status = CellStatus.Measured,
                Invocations = 6,
                Samples = 4,
                Errors = 2,
                Problems = 2,
                ColdStarts = 1,
                ErrorType = "NoReport",
                ErrorMessage = "no REPORT line in the log tail",
                MedianDurationMs = 20,
                DurationSumMs = 80,
                InvokePhaseMs = 500,
                SamplesKey = BucketKeys.Samples(Requests.RunId, "t0-baseline", 1),
                SamplesRequested = 10,
                SamplesCounted = 3,
            },
        ]);
        _run.Store.Objects[BucketKeys.UnitSummary(Requests.RunId, 1, 0)] = Tuner.Core.Serialization.TunerJson.Serialize(cut);

        await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = Requests.RunId, bucket = plan.Bucket });

        var report = TuningReport.Parse(_run.Store.Objects[BucketKeys.Report(Requests.RunId)]);
        Assert.True(steps.Count >= 2);
        Assert.Contains(report.Warnings, w => w.Contains("step 1, unit 0 (stage 1 of target 0) stopped at the Executor's deadline; cut short: t0-baseline (3 of 10 samples)", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Contains("t0-baseline (step 1): 2 of 6 invocations produced no REPORT line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handle_OtherBucket_ThrowsInvalidStateInput()
    {
        await _run.PlanAndExecuteAsync(Requests.Small(), Requests.RunId);

        await Assert.ThrowsAsync<Errors.InvalidStateInputException>(
            () => HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = Requests.RunId, bucket = "someone-elses" }));
    }

    [Fact]
    public async Task Handle_NoPlan_ThrowsInvalidStateInput()
    {
        await Assert.ThrowsAsync<Errors.InvalidStateInputException>(
            () => HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = "nothing-here", bucket = "tuner-test" }));
    }

    [Fact]
    public async Task Handle_ReportBytes_AreCanonical()
    {
        var (plan, _) = await _run.PlanAndExecuteAsync(Requests.Small(), Requests.RunId);

        await HandlerCall.InvokeAsync<ReducerOutput>(_run.CreateReducer().Handle, new { runId = Requests.RunId, bucket = plan.Bucket });

        var bytes = _run.Store.Objects[BucketKeys.Report(Requests.RunId)];
        Assert.Equal(bytes, CanonicalJson.Canonicalize(bytes));
        using var document = JsonDocument.Parse(bytes);
        Assert.Equal(TuningReport.CurrentSchemaVersion, document.RootElement.GetProperty("schemaVersion").GetString());
    }
}
