using System.Diagnostics;
using System.Globalization;
using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Core.Reports;
using Tuner.Core.Requests;
using Tuner.Core.Samples;

namespace Tuner.Benchmarks;

/// <summary>
/// The Reducer's domain work on parsed samples: <see cref="TuningAnalyzer.Analyze"/> (per-cell statistics with exact
/// quantile intervals, costs, constraints, Pareto front, recommendation) over N samples spread evenly over C cells,
/// pinned to one core. Sample generation is not timed; canonical JSON of the report is timed separately.
/// Target: ≥ 1,000,000 samples/s and peak working set ≤ 300 MB for 1,000,000 samples over 100 cells.
/// Usage: <c>reducer [--samples 1000000] [--cells 100] [--rounds 3] [--unique-ids] [--from-jsonl]</c>
/// (<c>--unique-ids</c> gives every sample its own cell-id string, as a naive JSON reader would; <c>--from-jsonl</c>
/// writes each cell as JSONL and parses it back with <c>SampleJsonl.Read</c> first, timing the parse).
/// </summary>
internal static class ReducerBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var sampleCount = BenchmarkInfo.Option(args, "--samples", 1_000_000);
        var cellCount = BenchmarkInfo.Option(args, "--cells", 100);
        var rounds = BenchmarkInfo.Option(args, "--rounds", 3);
        var uniqueIds = args.Contains("--unique-ids");
        var fromJsonl = args.Contains("--from-jsonl");
        PinToOneCore();

        var (request, plan) = Plan(cellCount);
        var cells = plan.Targets[0].Cells.Where(c => !c.IsBaseline).Take(cellCount - 1).Prepend(plan.Targets[0].Cells[0]).ToList();
        var samples = fromJsonl ? ParseAsJsonl(Generate(cells, sampleCount, uniqueIds), sampleCount) : [.. Generate(cells, sampleCount, uniqueIds).SelectMany(c => c)];

        var run = new RunMetadata("bench", request.Job, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, RunMode.Local, true, "us-east-1");

        Console.WriteLine($"# Reducer benchmark — {BenchmarkInfo.Machine}, affinity {Environment.ProcessorCount}→1 core");
        Console.WriteLine($"samples: {samples.Count:N0} over {cells.Count} measured cells ({plan.Targets[0].Cells.Count} planned), cell ids {(fromJsonl ? "as SampleJsonl.Read shares them" : uniqueIds ? "one string per sample" : "shared per cell")}");
        Console.WriteLine($"after generating samples: working set {Mb(Process.GetCurrentProcess().WorkingSet64)} MB, managed heap {Mb(GC.GetTotalMemory(true))} MB");

        var best = double.MaxValue;
        var bestCpu = double.MaxValue;
        TuningReport? report = null;
        for (var round = 0; round < rounds; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = CpuSeconds();
            var watch = Stopwatch.StartNew();
            report = TuningAnalyzer.Analyze(request, plan, samples, PricingCatalog.Default, run);
            watch.Stop();
            var cpu = CpuSeconds() - cpuBefore;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            bestCpu = Math.Min(bestCpu, cpu);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round + 1}: analyze {watch.Elapsed.TotalMilliseconds:F0} ms wall = {samples.Count / watch.Elapsed.TotalSeconds:N0} samples/s; {cpu * 1000:F0} ms CPU = {samples.Count / cpu:N0} samples/CPU-s; allocated {Mb(allocated)} MB"));
        }

        var bytes = CanonicalJson.Serialize(report!);
        var canonicalWatch = Stopwatch.StartNew();
        bytes = CanonicalJson.Serialize(report!);
        canonicalWatch.Stop();

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peak = process.PeakWorkingSet64;
        var recommendation = report!.Targets[0].Recommendation!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best: {samples.Count / best:N0} samples/s wall, {samples.Count / bestCpu:N0} samples per CPU-second (target ≥ 1,000,000 on one core); load average {LoadAverage()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Mb(peak)} MB (target ≤ 300 MB)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"canonical report: {bytes.Length:N0} bytes in {canonicalWatch.Elapsed.TotalMilliseconds:F0} ms (warm)"));
        Console.WriteLine($"recommendation: {recommendation.Action} {recommendation.CellId} — {recommendation.Reason}");
        return Task.FromResult(samples.Count / bestCpu >= 1_000_000 && peak <= 300L * 1024 * 1024 ? 0 : 1);
    }

    private static (TuningRequest Request, TuningPlan Plan) Plan(int cellCount)
    {
        // Memory × batch size: 10 × 10 = 100 candidate cells (+ the baseline).
        var json = """
            {"job":"bench","targets":[{"function":"orders-ingest","memoryMb":[128,256,512,768,1024,1536,1769,2048,3008,4096],
              "dynamoDbBatch":{"batchSize":[1,2,4,5,8,10,15,20,24,25]},"invocations":1000,"concurrency":10}]}
            """;
        var read = TuningRequestReader.Read(json);
        if (!read.IsValid)
        {
            throw new InvalidOperationException(string.Join("; ", read.Problems));
        }

        var configuration = new FunctionConfiguration("orders-ingest", "arn:aws:lambda:us-east-1:123456789012:function:orders-ingest", "$LATEST", 1024, 30,
            new Dictionary<string, string> { ["TUNER_TABLE_NAME"] = "events" }, "arm64", "dotnet10", "Active", "Successful", null);
        var planned = TuningPlanner.Plan(read.Request!, [configuration], PricingCatalog.Default, "us-east-1");
        return (read.Request!, planned.Plan ?? throw new InvalidOperationException(string.Join("; ", planned.Problems)));
    }

    private static IEnumerable<List<Sample>> Generate(List<PlanCell> cells, int count, bool uniqueIds)
    {
        var random = new Random(20261121);
        var perCell = count / cells.Count;
        for (var c = 0; c < cells.Count; c++)
        {
            var cell = cells[c];
            var n = c == cells.Count - 1 ? count - (perCell * (cells.Count - 1)) : perCell;
            var samples = new List<Sample>(n);
            var scale = 20_000.0 / Math.Min(cell.MemoryMb, 1769) * (1 + (5.0 / (cell.BatchSize ?? 5)));
            for (var i = 0; i < n; i++)
            {
                // Log-normal-ish durations with a cold start per 100 invocations and 0.1% errors.
                var u1 = 1 - random.NextDouble();
                var u2 = random.NextDouble();
                var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                var duration = Math.Round(scale * Math.Exp(0.25 * normal), 2);
                var cold = i % 100 == 0;
                var error = random.NextDouble() < 0.001 ? "Runtime.ExitError" : null;
                samples.Add(new Sample
                {
                    CellId = uniqueIds ? new string(cell.Id.AsSpan()) : cell.Id,
                    Index = i,
                    ColdStart = cold,
                    DurationMs = duration,
                    BilledDurationMs = Math.Ceiling(duration + (cold ? 250 : 0)),
                    InitDurationMs = cold ? 250 : null,
                    MemorySizeMb = cell.MemoryMb,
                    MaxMemoryUsedMb = 90 + random.Next(40),
                    ErrorType = error,
                    ErrorMessage = error is null ? null : "exit status 1",
                    Items = 25,
                    ConsumedWriteUnits = 25,
                    Retries = random.Next(3),
                    Throttles = 0,
                });
            }

            yield return samples;
        }
    }

    // The Reducer's real input path: one JSONL object per cell, parsed by SampleJsonl.Read (timed here); only one
    // cell's generated samples and bytes are alive at a time.
    private static List<Sample> ParseAsJsonl(IEnumerable<List<Sample>> cells, int count)
    {
        var parsed = new List<Sample>(count);
        var parse = TimeSpan.Zero;
        var cpu = 0.0;
        long bytes = 0;
        foreach (var cell in cells)
        {
            var jsonl = SampleJsonl.Write(cell);
            bytes += jsonl.Length;
            var cpuBefore = CpuSeconds();
            var watch = Stopwatch.StartNew();
            var problems = SampleJsonl.Read(jsonl, parsed, cell[0].CellId);
            parse += watch.Elapsed;
            cpu += CpuSeconds() - cpuBefore;
            if (problems.Count > 0)
            {
                throw new InvalidOperationException(problems[0].ToString());
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SampleJsonl.Read: {parsed.Count:N0} samples, {Mb(bytes)} MB of JSONL in {parse.TotalMilliseconds:F0} ms wall = {parsed.Count / parse.TotalSeconds:N0} samples/s, {cpu * 1000:F0} ms CPU = {parsed.Count / cpu:N0} samples/CPU-s"));
        return parsed;
    }

    private static void PinToOneCore()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            using var process = Process.GetCurrentProcess();
            process.ProcessorAffinity = 1;
        }
    }

    private static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    // The machine is shared: the load average says how far wall-clock figures are from an idle core.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static long Mb(long bytes) => bytes / (1024 * 1024);
}
