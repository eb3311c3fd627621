using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tuner.Core.Logs;
using Tuner.LocalLambda;

namespace Tuner.Benchmarks;

/// <summary>
/// Measures the noise the decision simulation (<c>decisions</c>) models, on this machine's local Lambda service: warm
/// Duration spread and tail shape of a CPU-bound loop at three memory sizes and of a sleeping (I/O-like) handler at
/// two, cold-start INIT per memory size, and drift of the CPU-bound loop over a few minutes. Invocations are
/// sequential (one environment per function), durations are the REPORT line's.
/// Usage: <c>noise [--warm 120] [--cold 6] [--drift-seconds 150] [--out samples.csv]</c>. About 6 minutes.
/// <c>--trace 512,1024</c> attributes each warm invocation's time to throttling and threads (see <see cref="NoiseTrace"/>);
/// <c>--ab-host other/Tuner.LocalLambda.Host.dll [--memories 256,512,1024,1769]</c> compares another host build with
/// this one, interleaved.
/// </summary>
internal static class NoiseBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var warm = BenchmarkInfo.Option(args, "--warm", 120);
        var coldRounds = BenchmarkInfo.Option(args, "--cold", 6);
        var driftSeconds = BenchmarkInfo.Option(args, "--drift-seconds", 150);
        var outPath = BenchmarkInfo.Option(args, "--out");
        var csv = new StringBuilder("series,index,elapsed_ms,duration_ms,init_ms\n");
        await using var service = await LocalLambdaService.StartAsync(new LocalLambdaOptions(), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = service.Endpoint, Timeout = TimeSpan.FromMinutes(2) };
        var cpu = Path.Combine(AppContext.BaseDirectory, "Tuner.LocalLambda.Host.dll") + "::Tuner.LocalLambda.Host.CalibrationLoop::Handle";
        var sleep = Path.Combine(AppContext.BaseDirectory, "Tuner.TestTargets.dll") + "::Tuner.TestTargets.Sleep::Handle";

        Console.WriteLine($"# Noise benchmark — {BenchmarkInfo.Machine}");
        Console.WriteLine($"limits: {(service.LimitsEnforced ? "on" : "OFF")} ({service.LimitsDescription}); load average at start: {LoadAverage()}");

        // Calibrate the loop to ≈ 60 ms at 1,769 MB (one vCPU).
        service.RegisterFunction(new LocalFunctionDefinition { Name = "noise-calibrate", Handler = cpu, MemoryMb = 1769, TimeoutSeconds = 60 });
        await InvokeAsync(http, "noise-calibrate", """{"iterations":20000000}""");
        var (probe, _) = await InvokeAsync(http, "noise-calibrate", """{"iterations":20000000}""");
        var iterations = (long)(20_000_000 * 60 / Math.Max(1, probe.Duration));
        var cpuPayload = string.Create(CultureInfo.InvariantCulture, $$"""{"iterations":{{iterations}}}""");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU loop: {iterations:N0} iterations (≈ 60 ms at 1769 MB); sleep handler: 50 ms"));
        Console.WriteLine();
        if (BenchmarkInfo.Option(args, "--trace") is { } traced)
        {
            foreach (var memory in traced.Split(',').Select(m => int.Parse(m, CultureInfo.InvariantCulture)))
            {
                var handler = BenchmarkInfo.Option(args, "--trace-handler") is { } type ? Path.Combine(AppContext.BaseDirectory, "Tuner.TestTargets.dll") + "::" + type + "::Handle" : cpu;
                await TraceAsync(service, http, handler, memory, cpuPayload, warm, csv, FunctionEnvironment(args));
            }

            return await WriteCsvAsync(outPath, csv);
        }

        if (BenchmarkInfo.Option(args, "--ab-host") is { } otherHost)
        {
            await CompareHostsAsync(service, http, otherHost, cpuPayload, warm, BenchmarkInfo.Option(args, "--memories") ?? "256,512,1024,1769", csv);
            Console.WriteLine($"load average at end: {LoadAverage()}");
            return await WriteCsvAsync(outPath, csv);
        }

        Console.WriteLine("## Warm duration (sequential invocations of one warm environment)");
        Console.WriteLine("| series | n | median ms | mean ms | CV | sd(log) | p95/p50 | p99/p50 | max/p50 | skew | >1.5× p50 | >3× p50 | lag-1 autocorr |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (label, handler, memory, payload) in new[]
        {
            ("cpu-512", cpu, 512, cpuPayload), ("cpu-1024", cpu, 1024, cpuPayload), ("cpu-1769", cpu, 1769, cpuPayload),
            ("sleep-512", sleep, 512, """{"milliseconds":50}"""), ("sleep-1769", sleep, 1769, """{"milliseconds":50}"""),
        })
        {
            service.RegisterFunction(new LocalFunctionDefinition { Name = "noise-" + label, Handler = handler, MemoryMb = memory, TimeoutSeconds = 60 });
            await InvokeAsync(http, "noise-" + label, payload); // the cold start
            var series = new List<double>();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < warm; i++)
            {
                var (report, _) = await InvokeAsync(http, "noise-" + label, payload);
                series.Add(report.Duration);
                csv.Append(CultureInfo.InvariantCulture, $"{label},{i},{clock.Elapsed.TotalMilliseconds:F1},{report.Duration:F2},\n");
            }

            Console.WriteLine(Row(label, series));
        }

        Console.WriteLine();
        Console.WriteLine("## Cold start (a fresh function per round; INIT from the REPORT line; first Duration vs the second, warm)");
        Console.WriteLine("| handler | memory MB | n | INIT median ms | INIT min | INIT max | INIT CV | first-invocation extra Duration median ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (label, handler, payload) in new[] { ("cpu", cpu, cpuPayload), ("sleep", sleep, """{"milliseconds":50}""") })
        {
            foreach (var memory in label == "cpu" ? new[] { 256, 512, 1769 } : new[] { 256, 1769 })
            {
                var inits = new List<double>();
                var extras = new List<double>();
                for (var round = 0; round < coldRounds; round++)
                {
                    var name = $"noise-cold-{label}-{memory}-{round}";
                    service.RegisterFunction(new LocalFunctionDefinition { Name = name, Handler = handler, MemoryMb = memory, TimeoutSeconds = 60 });
                    var (cold, _) = await InvokeAsync(http, name, payload);
                    var (second, _) = await InvokeAsync(http, name, payload);
                    if (cold.Init is { } init)
                    {
                        inits.Add(init);
                        extras.Add(cold.Duration - second.Duration);
                        csv.Append(CultureInfo.InvariantCulture, $"cold-{label}-{memory},{round},,{cold.Duration:F2},{init:F2}\n");
                    }
                }

                var (mean, sd) = MeanSd(inits);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {label} | {memory} | {inits.Count} | {Median(inits):F0} | {inits.DefaultIfEmpty().Min():F0} | {inits.DefaultIfEmpty().Max():F0} | {sd / mean:F3} | {Median(extras):F1} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"## Drift (cpu loop at 1024 MB, back to back for {driftSeconds} s)");
        service.RegisterFunction(new LocalFunctionDefinition { Name = "noise-drift", Handler = cpu, MemoryMb = 1024, TimeoutSeconds = 60 });
        await InvokeAsync(http, "noise-drift", cpuPayload);
        var times = new List<double>();
        var durations = new List<double>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < driftSeconds)
        {
            var (report, _) = await InvokeAsync(http, "noise-drift", cpuPayload);
            times.Add(watch.Elapsed.TotalMinutes);
            durations.Add(report.Duration);
            csv.Append(CultureInfo.InvariantCulture, $"drift,{durations.Count - 1},{watch.Elapsed.TotalMilliseconds:F1},{report.Duration:F2},\n");
        }

        var slope = Slope(times, durations);
        var quarter = durations.Count / 4;
        var first = durations.Take(quarter).Average();
        var lastQ = durations.Skip(durations.Count - quarter).Average();
        var blocks = Enumerable.Range(0, 10).Select(b => durations.Skip(b * durations.Count / 10).Take(durations.Count / 10).Average()).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"n {durations.Count}; mean {durations.Average():F1} ms; linear trend {slope / durations.Average() * 100:+0.00;-0.00}% of the mean per minute; last quarter / first quarter {lastQ / first:F3}; 10 block means (ms): {string.Join(' ', blocks.Select(b => b.ToString("F1", CultureInfo.InvariantCulture)))}"));
        Console.WriteLine(Row("drift-1024", durations));
        Console.WriteLine($"load average at end: {LoadAverage()}");
        return await WriteCsvAsync(outPath, csv);
    }

    /// <summary>
    /// <c>--trace 512,1024</c>: warm CPU-loop invocations at each memory size with the environment's throttling and
    /// per-thread CPU time per invocation, the slow ones (&gt; 1.4 × median) set against the rest.
    /// </summary>
    private static async Task TraceAsync(
        LocalLambdaService service, HttpClient http, string cpu, int memory, string payload, int warm, StringBuilder csv, IReadOnlyDictionary<string, string> environment)
    {
        var name = "noise-trace-" + memory.ToString(CultureInfo.InvariantCulture);
        var before = service.EnvironmentProcessIds();
        var directoriesBefore = service.EnvironmentCgroupDirectories();
        service.RegisterFunction(new LocalFunctionDefinition { Name = name, Handler = cpu, MemoryMb = memory, TimeoutSeconds = 60, Environment = environment });
        await InvokeAsync(http, name, payload);
        var pid = service.EnvironmentProcessIds().Except(before).Single();
        var trace = new NoiseTrace(pid, service.EnvironmentCgroupDirectories().Except(directoriesBefore).ToList());
        var rows = new List<(double Duration, NoiseTrace.Delta Delta)>();
        for (var i = 0; i < warm; i++)
        {
            var (report, _) = await InvokeAsync(http, name, payload);
            var delta = trace.Next();
            rows.Add((report.Duration, delta));
            csv.Append(CultureInfo.InvariantCulture,
                $"trace-{memory},{i},{delta.NrThrottled},{report.Duration:F2},{delta.ThrottledMs:F2},{string.Join(';', delta.ThreadMs.Select(t => $"{t.Key}={t.Value:F2}"))}\n");
        }

        var median = rows.Select(r => r.Duration).Order().ElementAt(rows.Count / 2);
        Console.WriteLine(Row("trace-" + memory.ToString(CultureInfo.InvariantCulture), rows.Select(r => r.Duration).ToList()));
        foreach (var (label, group) in new[] { ("body", rows.Where(r => r.Duration <= 1.4 * median).ToList()), ("slow", rows.Where(r => r.Duration > 1.4 * median).ToList()) })
        {
            if (group.Count == 0)
            {
                continue;
            }

            var threads = group.SelectMany(r => r.Delta.ThreadMs).GroupBy(t => t.Key)
                .Select(g => (g.Key, Ms: g.Sum(t => t.Value) / group.Count)).OrderByDescending(t => t.Ms).Take(8);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {label}: n {group.Count}, duration {group.Average(r => r.Duration):F1} ms, throttled {group.Average(r => r.Delta.NrThrottled):F1} periods / {group.Average(r => r.Delta.ThrottledMs):F1} ms; CPU ms per invocation by thread: {string.Join(", ", threads.Select(t => $"{t.Key} {t.Ms:F2}"))}"));
        }
    }

    /// <summary>
    /// <c>--ab-host path/Tuner.LocalLambda.Host.dll</c>: the CPU loop at each memory size on another host build (A, e.g.
    /// an older commit's) and on this one (B), in one run, invocations interleaved A, B, A, B… so both see the same load.
    /// </summary>
    private static async Task CompareHostsAsync(LocalLambdaService service, HttpClient http, string otherHost, string payload, int warm, string memories, StringBuilder csv)
    {
        await using var other = await LocalLambdaService.StartAsync(new LocalLambdaOptions { HostPath = otherHost }, CancellationToken.None);
        using var otherHttp = new HttpClient { BaseAddress = other.Endpoint, Timeout = TimeSpan.FromMinutes(2) };
        var arms = new[] { (Label: "A", Service: other, Http: otherHttp, Host: otherHost), (Label: "B", Service: service, Http: http, Host: Path.Combine(AppContext.BaseDirectory, "Tuner.LocalLambda.Host.dll")) };
        Console.WriteLine($"## A/B, warm CPU loop, {warm} interleaved invocations per arm and memory size after one cold start");
        Console.WriteLine($"A: {otherHost}");
        Console.WriteLine($"B: {arms[1].Host}");
        Console.WriteLine("| series | n | median ms | mean ms | CV | sd(log) | p95/p50 | p99/p50 | max/p50 | skew | >1.5× p50 | >3× p50 | lag-1 autocorr |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var medians = new Dictionary<(string Arm, int Memory), double>();
        foreach (var memory in memories.Split(',').Select(m => int.Parse(m, CultureInfo.InvariantCulture)))
        {
            var series = new Dictionary<string, List<double>>();
            foreach (var arm in arms)
            {
                var handler = arm.Host + "::Tuner.LocalLambda.Host.CalibrationLoop::Handle";
                arm.Service.RegisterFunction(new LocalFunctionDefinition { Name = $"noise-ab-{memory}", Handler = handler, MemoryMb = memory, TimeoutSeconds = 60 });
                await InvokeAsync(arm.Http, $"noise-ab-{memory}", payload);
                series[arm.Label] = [];
            }

            for (var i = 0; i < warm; i++)
            {
                foreach (var arm in arms)
                {
                    var (report, _) = await InvokeAsync(arm.Http, $"noise-ab-{memory}", payload);
                    series[arm.Label].Add(report.Duration);
                    csv.Append(CultureInfo.InvariantCulture, $"ab-{arm.Label}-{memory},{i},,{report.Duration:F2},\n");
                }
            }

            foreach (var arm in arms)
            {
                Console.WriteLine(Row($"{arm.Label} cpu-{memory}", series[arm.Label]));
                medians[(arm.Label, memory)] = Median(series[arm.Label]);
            }
        }

        foreach (var arm in arms.Where(_ => medians.Keys.Any(k => k.Memory == 1769)))
        {
            var ratios = medians.Where(m => m.Key.Arm == arm.Label && m.Key.Memory != 1769)
                .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key.Memory} MB / 1769 MB = {m.Value / medians[(arm.Label, 1769)]:F2} (expected {1769.0 / m.Key.Memory:F2})"));
            Console.WriteLine($"{arm.Label} median duration ratios: {string.Join("; ", ratios)}");
        }
    }

    /// <summary><c>--function-env A=1,B=2</c>: variables for the traced function (to try runtime settings).</summary>
    private static Dictionary<string, string> FunctionEnvironment(string[] args) =>
        (BenchmarkInfo.Option(args, "--function-env") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static async Task<int> WriteCsvAsync(string? outPath, StringBuilder csv)
    {
        if (outPath is not null)
        {
            await File.WriteAllTextAsync(outPath, csv.ToString());
            Console.WriteLine($"raw samples: {outPath}");
        }

        return 0;
    }

    private static string Row(string label, List<double> series)
    {
        var sorted = series.Order().ToArray();
        var p50 = Tuner.Core.Statistics.Quantiles.Type7(sorted, 0.5);
        var (mean, sd) = MeanSd(series);
        var logs = series.Select(x => Math.Log(x)).ToList();
        var (_, sdLog) = MeanSd(logs);
        var skew = series.Sum(x => Math.Pow((x - mean) / sd, 3)) / series.Count;
        var lag = 0.0;
        for (var i = 1; i < series.Count; i++)
        {
            lag += (series[i] - mean) * (series[i - 1] - mean);
        }

        lag /= (series.Count - 1) * sd * sd;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {series.Count} | {p50:F1} | {mean:F1} | {sd / mean:F3} | {sdLog:F3} | {Tuner.Core.Statistics.Quantiles.Type7(sorted, 0.95) / p50:F3} | {Tuner.Core.Statistics.Quantiles.Type7(sorted, 0.99) / p50:F3} | {sorted[^1] / p50:F2} | {skew:F2} | {series.Count(x => x > 1.5 * p50) / (double)series.Count:P1} | {series.Count(x => x > 3 * p50) / (double)series.Count:P1} | {lag:F2} |");
    }

    private static (double Mean, double Sd) MeanSd(List<double> values)
    {
        if (values.Count < 2)
        {
            return (values.DefaultIfEmpty(double.NaN).Average(), double.NaN);
        }

        var mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)));
    }

    private static double Slope(List<double> x, List<double> y)
    {
        var mx = x.Average();
        var my = y.Average();
        return x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / x.Sum(v => (v - mx) * (v - mx));
    }

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static async Task<((double Duration, double? Init) Report, string Log)> InvokeAsync(HttpClient http, string name, string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"2015-03-31/functions/{name}/invocations")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Amz-Log-Type", "Tail");
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var log = Encoding.UTF8.GetString(Convert.FromBase64String(response.Headers.GetValues("X-Amz-Log-Result").First()));
        var report = LambdaLogParser.Parse(log).Report ?? throw new InvalidOperationException("no REPORT line: " + log);
        return ((report.DurationMs, report.InitDurationMs), log);
    }
}
