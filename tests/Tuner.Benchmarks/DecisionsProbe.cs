using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tuner.Core.Logs;
using Tuner.LocalLambda;

namespace Tuner.Benchmarks;

/// <summary>
/// <c>decisions-real --probe</c>: checks on this machine that the real-decision cases' optima hold, without Tuner's
/// workflow. For each case it registers the case's function (from <c>RealDecisions/tuner.local.json</c>) at every
/// memory × knob combination of the request in the local Lambda service (limits on), sends the request's payload once
/// cold and <c>--warm</c> times warm (default 5; a combination two cases share is measured once), and prints the warm median Duration, the slowdown the CPU rule
/// predicts for a CPU-bound handler, the compute cost relative to the cheapest combination (memory × mean billed
/// duration), failures and the host's busy cores meanwhile — the figures the known answers are derived from.
/// </summary>
internal static class DecisionsProbe
{
    public static async Task<int> RunAsync(string casesDirectory, IReadOnlyList<RealDecisionCase> cases, int warm)
    {
        var registry = LocalRegistry.Load(Path.Combine(casesDirectory, "tuner.local.json"));
        await using var service = await LocalLambdaService.StartAsync(new LocalLambdaOptions(), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = service.Endpoint, Timeout = TimeSpan.FromMinutes(2) };
        Console.WriteLine($"# Real decisions probe — {BenchmarkInfo.Machine}");
        Console.WriteLine($"limits: {(service.LimitsEnforced ? "on" : "OFF")} ({service.LimitsDescription}); 1 cold + {warm} warm invocations per combination");
        Console.WriteLine("| case | memory (MB) | knobs | vCPU (local) | warm median (ms) | min–max (ms) | cold Init (ms) | relative cost | failed | host cores busy |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        var measured = new Dictionary<string, (int Memory, string Knobs, double Median, double Min, double Max, double Mean, double? Init, int Failed, double? Busy)>(StringComparer.Ordinal);
        var serial = 0;
        foreach (var decisionCase in cases)
        {
            using var request = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(casesDirectory, decisionCase.Request)));
            var target = request.RootElement.GetProperty("targets")[0];
            var function = registry.Single(f => f.Name == target.GetProperty("function").GetString());
            var payload = target.GetProperty("payload").GetRawText();
            var memories = target.GetProperty("memoryMb").EnumerateArray().Select(m => m.GetInt32()).ToList();
            var knobs = Combinations(target.TryGetProperty("env", out var env) ? env : null);
            var rows = new List<(int Memory, string Knobs, double Median, double Min, double Max, double Mean, double? Init, int Failed, double? Busy)>();
            foreach (var memory in memories)
            {
                foreach (var knob in knobs)
                {
                    var label = string.Join(",", knob.Select(kv => $"{kv.Key}={kv.Value}"));
                    var key = $"{function.Name}|{payload}|{memory}|{label}";
                    if (measured.TryGetValue(key, out var known))
                    {
                        rows.Add(known);
                        continue;
                    }

                    var environment = new Dictionary<string, string>(function.Environment, StringComparer.Ordinal);
                    foreach (var (knobName, value) in knob)
                    {
                        environment[knobName] = value;
                    }

                    var name = $"probe-{serial++}";
                    service.RegisterFunction(function with { Name = name, MemoryMb = memory, Environment = environment });
                    var cpuBefore = HostCpu.Read();
                    var durations = new List<double>();
                    double? init = null;
                    var failed = 0;
                    for (var i = 0; i <= warm; i++)
                    {
                        var report = await InvokeAsync(http, name, payload);
                        if (report?.Status is not null || report is null)
                        {
                            failed++;
                        }
                        else if (i == 0)
                        {
                            init = report.InitDurationMs;
                        }
                        else
                        {
                            durations.Add(report.BilledDurationMs);
                        }
                    }

                    var busy = cpuBefore is not null && HostCpu.Read() is { } cpuAfter ? cpuAfter.CoresBusySince(cpuBefore) : (double?)null;
                    measured[key] = durations.Count == 0
                        ? (memory, label, double.NaN, double.NaN, double.NaN, double.NaN, init, failed, busy)
                        : (memory, label, Median(durations), durations.Min(), durations.Max(), durations.Average(), init, failed, busy);
                    rows.Add(measured[key]);
                }
            }

            var cheapest = rows.Where(r => !double.IsNaN(r.Mean)).Select(r => r.Memory * r.Mean).DefaultIfEmpty(double.NaN).Min();
            foreach (var r in rows)
            {
                var vcpu = Math.Min(Math.Min(6, Environment.ProcessorCount), r.Memory / 1769.0);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {decisionCase.Name} | {r.Memory} | {(r.Knobs.Length == 0 ? "-" : r.Knobs)} | {vcpu:0.00} | {r.Median:0.0} | {r.Min:0}–{r.Max:0} | {r.Init?.ToString("0", CultureInfo.InvariantCulture) ?? "-"} | {r.Memory * r.Mean / cheapest:0.000} | {r.Failed} | {r.Busy:0.00} |"));
            }
        }

        return 0;
    }

    private static List<List<KeyValuePair<string, string>>> Combinations(JsonElement? env)
    {
        var result = new List<List<KeyValuePair<string, string>>> { new() };
        if (env is not { ValueKind: JsonValueKind.Object } knobs)
        {
            return result;
        }

        foreach (var knob in knobs.EnumerateObject())
        {
            result = [.. result.SelectMany(c => knob.Value.EnumerateArray().Select(v => new List<KeyValuePair<string, string>>(c) { new(knob.Name, v.GetString()!) }))];
        }

        return result;
    }

    private static async Task<LambdaReport?> InvokeAsync(HttpClient http, string name, string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"2015-03-31/functions/{name}/invocations")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Amz-Log-Type", "Tail");
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var log = Encoding.UTF8.GetString(Convert.FromBase64String(response.Headers.GetValues("X-Amz-Log-Result").First()));
        var report = LambdaLogParser.Parse(log).Report;
        return response.Headers.Contains("X-Amz-Function-Error") && report is not null ? report with { Status = report.Status ?? "error" } : report;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
