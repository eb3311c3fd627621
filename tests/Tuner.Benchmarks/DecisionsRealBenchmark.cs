using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tuner.Core.Objectives;
using Tuner.Core.Reports;
using Tuner.LocalCloud;

namespace Tuner.Benchmarks;

/// <summary>
/// Decision quality end to end: each case of <c>RealDecisions/answers.json</c> (a handler of Tuner.TestTargets whose
/// optimum follows from how it is written and the local service's CPU rule, memory/1,769 of a vCPU capped at the
/// host's cores) is run through the real CLI path — <c>tuner run &lt;request&gt; --functions tuner.local.json --out DIR</c>
/// as a child process — several times; the verified <c>report.json</c>'s recommendation (memory, knobs, action) is
/// compared with the known answer. Prints one row per case (runs, right, wrong with what was picked and the report's
/// reason, wall time per run) and writes the same table, every run's line and the reports under the results folder.
/// Each run also records how many of the host's cores were busy meanwhile (every process: on a shared machine, a
/// figure near the core count means other work competed and the CPU quotas were not fully delivered).
/// Usage: <c>decisions-real [--runs N (3)] [--case name[,name…]] [--results DIR] [--wait-quiet CORES] [--defaults]</c>
/// (before each run, wait up to 10 min for a 5 s window with at most CORES busy; <c>--defaults</c>: as a new user who
/// leaves the sampling to Tuner, each request without its targets' <c>invocations</c> and its <c>budget</c> (sized for 10
/// invocations a cell), so the default ceiling and invocation budget apply — written beside the run's output as
/// <c>request.json</c>); <c>decisions-real --probe
/// [--warm N] [--case …]</c> measures the cases' handlers directly instead (<see cref="DecisionsProbe"/>).
/// </summary>
internal static class DecisionsRealBenchmark
{
    private const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public static async Task<int> RunAsync(string[] args)
    {
        var engineDirectory = NodeRuntime.FindEngineDirectory(Environment.GetEnvironmentVariable("TUNER_ENGINE_DIR"));
        var repoRoot = Path.GetFullPath(Path.Combine(engineDirectory, "..", ".."));
        var casesDirectory = Path.Combine(repoRoot, "tests", "Tuner.Benchmarks", "RealDecisions");
        var registry = Path.Combine(casesDirectory, "tuner.local.json");
        var cli = Path.Combine(repoRoot, "cli", "Tuner.Cli", "bin", Configuration, "net10.0", "Tuner.Cli.dll");
        var runs = BenchmarkInfo.Option(args, "--runs", 3);
        var quiet = BenchmarkInfo.Option(args, "--wait-quiet") is { } q ? double.Parse(q, CultureInfo.InvariantCulture) : (double?)null;
        var defaults = args.Contains("--defaults");
        var only = BenchmarkInfo.Option(args, "--case")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var results = Path.GetFullPath(BenchmarkInfo.Option(args, "--results")
            ?? Path.Combine(repoRoot, "tuner-reports", "decisions-real", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)));

        var cases = RealDecisionCase.Load(Path.Combine(casesDirectory, "answers.json"));
        if (only is not null)
        {
            var unknown = only.Where(n => cases.All(c => c.Name != n)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"decisions-real: unknown case {string.Join(", ", unknown)}; cases: {string.Join(", ", cases.Select(c => c.Name))}");
                return 2;
            }

            cases = [.. cases.Where(c => only.Contains(c.Name))];
        }

        foreach (var decisionCase in cases)
        {
            // An accepted size the request never measures could not be picked: a mistake in answers.json.
            using var request = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(casesDirectory, decisionCase.Request)));
            var tiers = request.RootElement.GetProperty("targets")[0].GetProperty("memoryMb").EnumerateArray().Select(m => m.GetInt32()).ToHashSet();
            if (decisionCase.Answer.MemoryMb.FirstOrDefault(m => !tiers.Contains(m)) is var missing and > 0)
            {
                Console.Error.WriteLine($"decisions-real: {decisionCase.Name} accepts {missing} MB, which {decisionCase.Request} does not measure");
                return 2;
            }
        }

        if (args.Contains("--probe"))
        {
            return await DecisionsProbe.RunAsync(casesDirectory, cases, BenchmarkInfo.Option(args, "--warm", 5));
        }

        foreach (var required in new[] { cli, TargetsAssembly(registry) })
        {
            if (!File.Exists(required))
            {
                Console.Error.WriteLine($"decisions-real: {required} is missing: run with `dotnet run -c Release --project tests/Tuner.Benchmarks` (it builds the CLI and the test targets in Release)");
                return 2;
            }
        }

        Directory.CreateDirectory(results);
        Console.WriteLine($"# Real decisions — {BenchmarkInfo.Machine}; {runs} run(s) per case; results in {results}");
        var outcomes = new List<RunOutcome>();
        var log = Path.Combine(results, "runs.md");
        await File.WriteAllTextAsync(log, "| case | run | exit | wall | host cores busy | verdict | action | memory | knobs | reason |\n|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var decisionCase in cases)
        {
            for (var run = 1; run <= runs; run++)
            {
                if (quiet is { } threshold)
                {
                    var busy = await HostCpu.WaitQuietAsync(threshold, TimeSpan.FromMinutes(10));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(host {busy:0.00} cores busy before {decisionCase.Name} #{run})"));
                }

                var outcome = await RunOnceAsync(cli, registry, casesDirectory, results, decisionCase, run, defaults);
                outcomes.Add(outcome);
                var line = outcome.Line();
                Console.WriteLine(line);
                await File.AppendAllTextAsync(log, line + "\n");
            }
        }

        var table = Table(cases, outcomes);
        Console.WriteLine();
        Console.WriteLine(table);
        await File.WriteAllTextAsync(Path.Combine(results, "summary.md"), table);
        return 0;
    }

    private static async Task<RunOutcome> RunOnceAsync(string cli, string registry, string casesDirectory, string results, RealDecisionCase decisionCase, int run, bool defaults)
    {
        var output = Path.Combine(results, decisionCase.Name, run.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(output);
        var request = Path.Combine(casesDirectory, decisionCase.Request);
        if (defaults)
        {
            var document = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(request))!;
            foreach (var target in document["targets"]!.AsArray())
            {
                target!.AsObject().Remove("invocations");
            }

            // The cases' $1 cap is sized for 10 invocations a cell; the plan at the defaults is priced up to ~$1.5.
            document.AsObject().Remove("budget");

            request = Path.Combine(output, "request.json");
            await File.WriteAllTextAsync(request, document.ToJsonString());
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { cli, "run", request, "--functions", registry, "--out", output })
        {
            start.ArgumentList.Add(argument);
        }

        // Its own signing key, so a run never touches the user's ~/.tuner.
        start.Environment["TUNER_HOME"] = Path.Combine(results, "home");
        start.Environment["NO_COLOR"] = "1";
        var cpuBefore = HostCpu.Read();
        var wall = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        wall.Stop();
        var busy = cpuBefore is not null && HostCpu.Read() is { } cpuAfter ? cpuAfter.CoresBusySince(cpuBefore) : (double?)null;
        await File.WriteAllTextAsync(Path.Combine(output, "cli.log"), await stdout + await stderr);

        var reportPath = Path.Combine(output, "report.json");
        if (process.ExitCode != 0 || !File.Exists(reportPath))
        {
            return new RunOutcome(decisionCase, run, process.ExitCode, wall.Elapsed, busy, null, $"tuner run failed, see {Path.Combine(output, "cli.log")}");
        }

        var report = TuningReport.Parse(await File.ReadAllBytesAsync(reportPath));
        var recommendation = report.Targets.Count > 0 ? report.Targets[0].Recommendation : null;
        return new RunOutcome(decisionCase, run, process.ExitCode, wall.Elapsed, busy, recommendation, recommendation?.Reason ?? "no recommendation");
    }

    /// <summary>The test targets' assembly the registry names (its first function's handler, resolved against the registry's folder).</summary>
    private static string TargetsAssembly(string registry)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(registry));
        var handler = document.RootElement.GetProperty("functions")[0].GetProperty("handler").GetString()!;
        return Path.GetFullPath(handler[..handler.IndexOf("::", StringComparison.Ordinal)], Path.GetDirectoryName(registry)!);
    }

    private static string Table(IReadOnlyList<RealDecisionCase> cases, List<RunOutcome> outcomes)
    {
        var text = new StringBuilder();
        text.AppendLine("| case | known answer | runs | right | wrong (picked: reason) | wall per run (mean, min–max) | host cores busy (mean) |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var decisionCase in cases)
        {
            var mine = outcomes.Where(o => o.Case == decisionCase).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            var wrong = mine.Where(o => !o.Right).Select(o => $"#{o.Run} {o.Picked()}: {Shorten(o.Reason)}");
            var walls = mine.Select(o => o.Wall.TotalSeconds).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {decisionCase.Name} | {decisionCase.Answer.Describe()} | {mine.Count} | {mine.Count(o => o.Right)} | {(mine.All(o => o.Right) ? "-" : string.Join("<br>", wrong))} | {walls.Average():0} s ({walls.Min():0}–{walls.Max():0} s) | {mine.Select(o => o.HostBusyCores ?? double.NaN).Average():0.00} |");
        }

        var right = outcomes.Count(o => o.Right);
        text.AppendLine(CultureInfo.InvariantCulture, $"\nRight in {right} of {outcomes.Count} runs ({(outcomes.Count == 0 ? 0 : 100.0 * right / outcomes.Count):0}%); cases right in every run: {cases.Count(c => outcomes.Where(o => o.Case == c).All(o => o.Right))} of {cases.Count}.");
        return text.ToString();
    }

    private static string Shorten(string text) => (text.Length > 160 ? text[..157] + "…" : text).Replace("|", "/", StringComparison.Ordinal);

    /// <summary>One run of one case and how its recommendation compares with the known answer.</summary>
    private sealed record RunOutcome(RealDecisionCase Case, int Run, int ExitCode, TimeSpan Wall, double? HostBusyCores, Recommendation? Recommendation, string Reason)
    {
        public bool Right => Recommendation is { } r && Case.Answer.Accepts(r.MemoryMb, r.Env);

        public string Picked() => Recommendation is { } r
            ? $"{(r.Action == RecommendationAction.Switch ? "switch" : "keep")} {r.MemoryMb} MB{Knobs(r)}"
            : $"exit {ExitCode}";

        public string Line() => string.Create(
            CultureInfo.InvariantCulture,
            $"| {Case.Name} | {Run} | {ExitCode} | {Wall.TotalSeconds:0} s | {HostBusyCores:0.00} | {(Right ? "right" : "WRONG")} | {Recommendation?.Action.ToString() ?? "-"} | {Recommendation?.MemoryMb.ToString(CultureInfo.InvariantCulture) ?? "-"} | {(Recommendation is { } r ? Knobs(r).Trim() : "-")} | {Shorten(Reason)} |");

        private static string Knobs(Recommendation r) => r.Env.Count == 0 ? string.Empty : " " + string.Join(",", r.Env.Select(kv => $"{kv.Key}={kv.Value}"));
    }
}
