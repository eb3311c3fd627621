using System.Globalization;
using System.Text;
using Tuner.Aws.Signing;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Objectives;
using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Core.Reports;
using Tuner.Core.Serialization;
using Tuner.Functions.Errors;
using Tuner.Functions.Hosting;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;
using Tuner.Reports;
using Tuner.Reports.Trends;

namespace Tuner.Functions;

/// <summary>
/// The <c>Reducer</c> state: reads the samples of the plan's cells (anything else under <c>samples/</c> becomes a report
/// warning, unread), computes statistics, costs and the recommendation
/// (Tuner.Core), compares with the job's previous report when its signature verifies (Tuner.Reports), signs the
/// canonical report bytes and writes <c>report.json</c>, <c>report.sig.json</c>, <c>report.html</c>,
/// <c>samples.csv</c> and <see cref="BucketKeys.Latest"/>.
/// </summary>
public sealed class Reducer
{
    private readonly RunStore _store;
    private readonly IReportSigner _signer;
    private readonly IReportVerifier _verifier;
    private readonly FunctionSettings _settings;
    private readonly PricingCatalog _prices;
    private readonly TimeProvider _time;
    private readonly TextWriter _alerts;

    /// <summary>The Lambda runtime's constructor: dependencies from the environment.</summary>
    public Reducer()
        : this(FunctionServices.Shared)
    {
    }

    private Reducer(FunctionServices services)
        : this(services.Store, services.Signer, services.Verifier, services.Settings, PricingCatalog.Default, TimeProvider.System, Console.Out)
    {
    }

    /// <summary>The test constructor. <paramref name="alerts"/> receives the alert metric lines (stdout in Lambda).</summary>
    public Reducer(
        IObjectStore store,
        IReportSigner signer,
        IReportVerifier verifier,
        FunctionSettings settings,
        PricingCatalog prices,
        TimeProvider time,
        TextWriter alerts)
    {
        _store = new RunStore(store);
        _signer = signer;
        _verifier = verifier;
        _settings = settings;
        _prices = prices;
        _time = time;
        _alerts = alerts;
    }

    public async Task<Stream> Handle(Stream input)
    {
        var reducerInput = await HandlerJson.ReadAsync<ReducerInput>(input);
        return HandlerJson.Write(await ReduceAsync(reducerInput, CancellationToken.None));
    }

    internal async Task<ReducerOutput> ReduceAsync(ReducerInput input, CancellationToken cancellationToken)
    {
        var runId = RunId.RequireValid(input.RunId);
        if (input.Bucket is not null && input.Bucket != _settings.Bucket)
        {
            throw new InvalidStateInputException($"the run's bucket '{input.Bucket}' is not this function's bucket '{_settings.Bucket}'");
        }

        var (document, request) = await _store.ReadRunAsync(runId, cancellationToken);
        // Targets dropped while publishing (changed under Tuner) have no cells to report on; the warnings name them.
        var plan = document.MeasuredPlan ?? throw new InvalidStateInputException($"{BucketKeys.Plan(runId)} has no plan");

        var planCells = plan.AllCells.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var (samples, warnings) = await _store.ReadSamplesAsync(runId, planCells, cancellationToken);
        warnings.InsertRange(0, document.Dropped.Select(DroppedWarning));
        warnings.AddRange(await UnitWarningsAsync(runId, cancellationToken));
        var stages = (await _store.FindStagesAsync(runId, cancellationToken))?.Targets
            .ToDictionary(t => t.TargetIndex, t => t.Stages);

        var run = new RunMetadata(
            runId,
            request.Job,
            document.CreatedAt,
            _time.GetUtcNow(),
            document.Mode == FunctionSettings.LocalMode ? RunMode.Local : RunMode.Aws,
            LimitsEnforced: true,
            document.Region);
        var report = TuningAnalyzer.Analyze(request, plan, samples, _prices, run, warnings, stages);

        var (previous, previousVerified) = await PreviousReportAsync(request.Job, cancellationToken);
        var trend = TrendAnalyzer.Compare(previous, previousVerified, report, request.Alerts);
        report = report with { Alerts = trend.Alerts, Trend = trend.Trend };

        var canonical = CanonicalJson.Serialize(report);
        var signature = await _signer.SignAsync(canonical, new ReportBinding(runId, request.Job), cancellationToken);
        await _store.PutAsync(BucketKeys.Report(runId), canonical, "application/json", cancellationToken);
        await _store.PutAsync(BucketKeys.Signature(runId), ReportSignatureFile.Serialize(signature), "application/json", cancellationToken);
        await _store.PutAsync(BucketKeys.Html(runId), Encoding.UTF8.GetBytes(ReportRenderer.RenderHtml(report, signature)), "text/html; charset=utf-8", cancellationToken);
        using (var csv = new MemoryStream())
        {
            SamplesCsv.Write(samples, csv);
            await _store.PutAsync(BucketKeys.Csv(runId), csv.ToArray(), "text/csv; charset=utf-8", cancellationToken);
        }

        // Last: the next run of the job compares against this one only once everything above exists.
        await _store.PutAsync(BucketKeys.Latest(request.Job), canonical, "application/json", cancellationToken);
        AlertLog.Write(report, _alerts);

        return new ReducerOutput
        {
            RunId = runId,
            Job = request.Job,
            Bucket = _settings.Bucket,
            ReportKey = BucketKeys.Report(runId),
            SignatureKey = BucketKeys.Signature(runId),
            HtmlKey = BucketKeys.Html(runId),
            CsvKey = BucketKeys.Csv(runId),
            LatestKey = BucketKeys.Latest(request.Job),
            CellsMeasured = report.Targets.Sum(t => t.Cells.Count),
            CellsFailed = report.Targets.Sum(t => t.FailedCells.Count),
            Recommendations = [.. report.Targets.Select(Describe), .. document.Dropped.Select(d => $"{d.Function}: dropped, not measured ({d.Reason})")],
        };
    }

    /// <summary>The report's line for a target dropped while publishing: which, when, why, and what was left of it.</summary>
    private static string DroppedWarning(DroppedTarget dropped) => string.Create(
        CultureInfo.InvariantCulture,
        $"targets[{dropped.TargetIndex}] {dropped.Function} was dropped at {dropped.At:yyyy-MM-dd HH:mm:ss} UTC and not measured: {dropped.Reason}. Its versions of this run were deleted, its $LATEST was left as its owner has it, and the run's lease of it was released.");

    private static string Describe(TargetReport target)
    {
        if (target.Recommendation is not { } recommendation)
        {
            return $"{target.Function}: no recommendation";
        }

        var configuration = string.Create(
            CultureInfo.InvariantCulture,
            $"{recommendation.MemoryMb} MB{(recommendation.BatchSize is { } b ? $", batch {b}" : string.Empty)}{(recommendation.Parallelism is { } p ? $", parallelism {p}" : string.Empty)}");
        return recommendation.Action == RecommendationAction.Switch
            ? string.Create(CultureInfo.InvariantCulture, $"{target.Function}: switch to {configuration} ({recommendation.Savings.CostPercent:0.#}% cheaper per invocation)")
            : $"{target.Function}: keep {configuration} ({recommendation.Reason})";
    }

    /// <summary>What the Executors' unit summaries say went wrong: invocations without a REPORT line, units cut short by the deadline.</summary>
    private async Task<List<string>> UnitWarningsAsync(string runId, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var keys = await _store.ListAsync(BucketKeys.StepsPrefix(runId), cancellationToken);
        foreach (var key in keys.Where(k => k.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (await _store.GetAsync(key, cancellationToken) is not { } bytes)
            {
                continue;
            }

            UnitSummary? unit;
            try
            {
                unit = TunerJson.Deserialize<UnitSummary>(bytes);
            }
            catch (System.Text.Json.JsonException e)
            {
                warnings.Add($"{key}: unreadable unit summary ({e.Message})");
                continue;
            }

            if (unit is null)
            {
                continue;
            }

            if (unit.DeadlineReached)
            {
                var cutShort = (unit.Cells ?? []).Where(c => c.CutShort(unit.DeadlineReached))
                    .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.CellId} ({c.SamplesCounted} of {c.SamplesRequested} samples)")).ToList();
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"step {unit.Step}, unit {unit.Unit} (stage {unit.Stage} of target {unit.TargetIndex}) stopped at the Executor's deadline")
                    + (cutShort.Count == 0 ? string.Empty : "; cut short: " + string.Join(", ", cutShort)));
            }

            warnings.AddRange((unit.Cells ?? []).Where(c => c.Problems > 0).Select(c => string.Create(
                CultureInfo.InvariantCulture, $"{c.CellId} (step {unit.Step}): {c.Problems} of {c.Invocations} invocations produced no REPORT line ({c.ErrorMessage})")));
        }

        return warnings;
    }

    /// <summary>The job's previous report and whether its signature verifies with this stack's key and binds it to this job
    /// (an unverifiable one, or another job's report copied to this job's latest.json, is never trusted).</summary>
    private async Task<(TuningReport? Report, bool Verified)> PreviousReportAsync(string job, CancellationToken cancellationToken)
    {
        var bytes = await _store.GetAsync(BucketKeys.Latest(job), cancellationToken);
        if (bytes is null)
        {
            return (null, false);
        }

        TuningReport previous;
        try
        {
            previous = TuningReport.Parse(bytes);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, false);
        }

        var signatureBytes = await _store.GetAsync(BucketKeys.Signature(previous.Run.RunId), cancellationToken);
        if (signatureBytes is null)
        {
            return (previous, false);
        }

        try
        {
            var signature = ReportSignatureFile.Parse(signatureBytes);
            var verdict = await SignedReportCheck.CheckAsync(_verifier, bytes, signature, previous.Run.RunId, job, cancellationToken);
            return (previous, verdict.Valid);
        }
        catch (FormatException)
        {
            return (previous, false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A key this run cannot read (another account, a deleted key) must not fail the run: the previous report is
            // simply not trusted, and the trend analysis says so in an alert.
            await Console.Error.WriteLineAsync($"verifying the previous report of {job} failed: {e.Message}");
            return (previous, false);
        }
    }
}
