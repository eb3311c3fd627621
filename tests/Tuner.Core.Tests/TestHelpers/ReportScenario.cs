using Tuner.Core.Planning;
using Tuner.Core.Pricing;
using Tuner.Core.Reports;
using Tuner.Core.Requests;
using Tuner.Core.Samples;

namespace Tuner.Core.Tests.TestHelpers;

/// <summary>A small deterministic run: request, plan and seeded samples, analysed into a report.</summary>
internal static class ReportScenario
{
    public const string RequestJson = """
        {"job":"orders-weekly","targets":[{"function":"orders-ingest","payload":{"events":25,"note":"ß, ı, ü"},
          "memoryMb":[256,1024,1769],"dynamoDbBatch":{"batchSize":[25]},"invocations":30,"concurrency":3,"monthlyInvocations":5000000}],
         "objective":{"strategy":"cost","maxErrorRate":0.05},"region":"us-east-1"}
        """;

    public static readonly DateTimeOffset Started = new(2026, 11, 21, 20, 0, 0, TimeSpan.Zero);

    public static (TuningRequest Request, TuningPlan Plan) Plan()
    {
        var request = TuningRequestReader.Read(RequestJson).Request!;
        var plan = TuningPlanner.Plan(request, [TestData.Configuration(memoryMb: 3008, environment: new Dictionary<string, string> { ["TUNER_TABLE_NAME"] = "events" })], PricingCatalog.Default, "us-east-1").Plan!;
        return (request, plan);
    }

    /// <summary>
    /// Baseline 3008 MB ~60 ms; 256 MB all out of memory; 1024 MB ~100 ms (cheapest); 1769 MB ~70 ms; measured in
    /// stages by the real <see cref="Core.Decisions.StagePlanner"/>, every cell's samples unless <paramref name="skipCell"/>
    /// names one (its samples are then left out of the result).
    /// </summary>
    public static (List<Sample> Samples, List<Core.Decisions.StageRecord> History) Staged(TuningRequest request, TuningPlan plan, string? skipCell = null)
    {
        var random = new Random(1234);
        var (samples, history) = StagedRun.Run(request, plan, (cell, warmup, _) =>
        {
            if (cell.MemoryMb == 256)
            {
                return null;
            }

            var baseMs = cell.MemoryMb switch { 3008 => 60.0, 1024 => 100.0, 1769 => 70.0, _ => 400.0 };
            return Math.Round(baseMs * (0.9 + (0.2 * random.NextDouble())), 2);
        });
        samples.RemoveAll(s => s.CellId == skipCell);
        return (samples, history);
    }

    public static TuningReport Report(string? skipCell = null, IEnumerable<Sample>? extra = null)
    {
        var (request, plan) = Plan();
        var (samples, history) = Staged(request, plan, skipCell);
        samples.AddRange(extra ?? []);
        var run = new RunMetadata("run-0001", request.Job, Started, Started.AddMinutes(7), RunMode.Local, true, "us-east-1");
        return TuningAnalyzer.Analyze(request, plan, samples, PricingCatalog.Default, run, stages: new Dictionary<int, IReadOnlyList<Core.Decisions.StageRecord>> { [0] = history });
    }
}
