using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tuner.Core.Logs;
using Tuner.LocalLambda;

namespace Tuner.Benchmarks;

/// <summary>
/// Cold start of a local execution environment for a small .NET handler (the calibration loop with 1,000 iterations):
/// each round registers a fresh function, so every invoke starts a new environment. Reports Init Duration (process
/// start → first <c>invocation/next</c>, handler constructed) and the caller's whole cold round trip, per memory size.
/// Usage: <c>coldstart [--rounds 10] [--memory 1769,512,128]</c>. Target: ≤ 1 s at 1,769 MB.
/// </summary>
internal static class ColdStartBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = BenchmarkInfo.Option(args, "--rounds", 10);
        var memories = (BenchmarkInfo.Option(args, "--memory") ?? "1769,512,128").Split(',').Select(m => int.Parse(m, CultureInfo.InvariantCulture)).ToList();
        await using var service = await LocalLambdaService.StartAsync(new LocalLambdaOptions(), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = service.Endpoint, Timeout = TimeSpan.FromMinutes(2) };
        var handler = Path.Combine(AppContext.BaseDirectory, "Tuner.LocalLambda.Host.dll") + "::Tuner.LocalLambda.Host.CalibrationLoop::Handle";

        Console.WriteLine($"# Cold start benchmark — {BenchmarkInfo.Machine}");
        Console.WriteLine($"limits: {(service.LimitsEnforced ? "on" : "OFF")} ({service.LimitsDescription}); {rounds} cold starts per memory size (+1 discarded warm-up)");
        Console.WriteLine("| memory (MB) | Init Duration median (ms) | min | max | cold round trip median (ms) | warm round trip median (ms) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var memory in memories)
        {
            var inits = new List<double>();
            var colds = new List<double>();
            var warms = new List<double>();
            for (var round = 0; round <= rounds; round++)
            {
                var name = $"coldstart-{memory}-{round}";
                service.RegisterFunction(new LocalFunctionDefinition { Name = name, Handler = handler, MemoryMb = memory, TimeoutSeconds = 60 });
                var (coldMs, log) = await InvokeAsync(http, name);
                var (warmMs, _) = await InvokeAsync(http, name);
                if (round == 0 || LambdaLogParser.Parse(log).Report?.InitDurationMs is not { } init)
                {
                    continue;
                }

                inits.Add(init);
                colds.Add(coldMs);
                warms.Add(warmMs);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {memory} | {Median(inits):F0} | {inits.Min():F0} | {inits.Max():F0} | {Median(colds):F0} | {Median(warms):F1} |"));
        }

        return 0;
    }

    private static async Task<(double Ms, string Log)> InvokeAsync(HttpClient http, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"2015-03-31/functions/{name}/invocations")
        {
            Content = new StringContent("""{"iterations":1000}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Amz-Log-Type", "Tail");
        var watch = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        watch.Stop();
        var log = Encoding.UTF8.GetString(Convert.FromBase64String(response.Headers.GetValues("X-Amz-Log-Result").First()));
        return (watch.Elapsed.TotalMilliseconds, log);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
