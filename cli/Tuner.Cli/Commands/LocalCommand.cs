using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Spectre.Console;
using Tuner.Core.Logs;
using Tuner.LocalLambda;

namespace Tuner.Cli.Commands;

/// <summary>
/// <c>tuner local calibrate</c>: how faithfully this machine reproduces Lambda's CPU scaling (expected vs measured
/// slowdown per memory tier). <c>tuner local serve --functions tuner.local.json</c>: the local Lambda service alone.
/// </summary>
public static class LocalCommand
{
    private const string CalibrationHandlerType = "Tuner.LocalLambda.Host.CalibrationLoop";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("local", "The local Lambda service: calibrate this machine, or serve functions from tuner.local.json.");
        command.Subcommands.Add(CreateCalibrate());
        command.Subcommands.Add(CreateServe());
        return command;
    }

    private static Command CreateCalibrate()
    {
        var tiers = new Option<string>("--tiers") { Description = "Memory sizes in MB, comma-separated.", DefaultValueFactory = _ => "128,256,512,1024,1769,3008" };
        var iterations = new Option<long>("--iterations") { Description = "Loop iterations per invocation (0 = sized to ≈ 200 ms at 1,769 MB).", DefaultValueFactory = _ => 0 };
        var samples = new Option<int>("--samples") { Description = "Warm invocations per tier (the median is used).", DefaultValueFactory = _ => 3 };
        var command = new Command("calibrate", "Run a CPU-bound loop at each memory tier and compare the slowdown with Lambda's (1,769 MB = 1 vCPU).");
        command.Options.Add(tiers);
        command.Options.Add(iterations);
        command.Options.Add(samples);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            var memories = result.GetValue(tiers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList();
            return await CalibrateAsync(memories, result.GetValue(iterations), Math.Max(1, result.GetValue(samples)), cancellationToken);
        });
        return command;
    }

    private static Command CreateServe()
    {
        var functions = new Option<FileInfo>("--functions") { Description = "Function registry (tuner.local.json).", Required = true };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => 0 };
        var command = new Command("serve", "Serve the functions of a tuner.local.json through the Lambda API on 127.0.0.1 until Ctrl-C.");
        command.Options.Add(functions);
        command.Options.Add(port);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            var registry = result.GetValue(functions)!;
            await using var service = await LocalLambdaService.StartAsync(
                new LocalLambdaOptions { RegistryPath = registry.FullName, Port = result.GetValue(port) }, cancellationToken);
            var table = new Table().AddColumns("function", "ARN");
            foreach (var definition in LocalRegistry.Load(registry.FullName))
            {
                table.AddRow(Markup.Escape(definition.Name), Markup.Escape(service.FunctionArn(definition.Name)));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Lambda API: [bold]{service.Endpoint}[/]  (AWS_ENDPOINT_URL_LAMBDA={service.Endpoint.ToString().TrimEnd('/')})");
            AnsiConsole.MarkupLine(service.LimitsEnforced
                ? $"Limits: [green]on[/] ({Markup.Escape(service.LimitsDescription)})"
                : $"Limits: [red]off[/] ({Markup.Escape(service.LimitsDescription)}) — durations are not Lambda-like");
            AnsiConsole.MarkupLine("Ctrl-C stops the service and every execution environment.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("Stopping…");
            }

            return 0;
        });
        return command;
    }

    private static async Task<int> CalibrateAsync(IReadOnlyList<int> memories, long iterations, int samples, CancellationToken cancellationToken)
    {
        if (!memories.Contains(1769))
        {
            memories = [1769, .. memories];
        }

        await using var service = await LocalLambdaService.StartAsync(new LocalLambdaOptions(), cancellationToken);
        var hostDll = Path.Combine(AppContext.BaseDirectory, "Tuner.LocalLambda.Host.dll");
        using var http = new HttpClient { BaseAddress = service.Endpoint, Timeout = TimeSpan.FromMinutes(5) };
        AnsiConsole.MarkupLine(service.LimitsEnforced
            ? $"Limits: [green]on[/] ({Markup.Escape(service.LimitsDescription)}); host cores: {Environment.ProcessorCount}"
            : $"Limits: [red]off[/] ({Markup.Escape(service.LimitsDescription)}): every tier gets the whole machine, so no slowdown is expected to show.");

        void Register(string name, int memory) => service.RegisterFunction(new LocalFunctionDefinition
        {
            Name = name,
            Handler = $"{hostDll}::{CalibrationHandlerType}::Handle",
            MemoryMb = memory,
            TimeoutSeconds = 900,
            Environment = new Dictionary<string, string> { ["DOTNET_TC_QuickJitForLoops"] = "0" },
        });

        if (iterations <= 0)
        {
            // Size the loop on this machine: ≈ 200 ms at one vCPU keeps the 128 MB tier under 3 s.
            const long probe = 10_000_000;
            Register("tuner-calibrate-probe", 1769);
            var payloadProbe = $"{{\"iterations\":{probe.ToString(CultureInfo.InvariantCulture)}}}";
            await InvokeAsync(http, "tuner-calibrate-probe", payloadProbe, cancellationToken);
            var probeMs = (await InvokeAsync(http, "tuner-calibrate-probe", payloadProbe, cancellationToken)).DurationMs;
            iterations = Math.Max(1_000_000, (long)(probe * 200 / Math.Max(1, probeMs)));
        }

        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"Loop: {iterations:N0} iterations per invocation; median of {samples} warm invocations per tier.");
        var measured = new Dictionary<int, (double Median, double? Init)>();
        foreach (var memory in memories.Distinct().OrderByDescending(m => m))
        {
            var name = $"tuner-calibrate-{memory}";
            Register(name, memory);
            var payload = $"{{\"iterations\":{iterations.ToString(CultureInfo.InvariantCulture)}}}";
            var cold = await InvokeAsync(http, name, payload, cancellationToken);
            var warm = new List<double>();
            for (var i = 0; i < samples; i++)
            {
                warm.Add((await InvokeAsync(http, name, payload, cancellationToken)).DurationMs);
            }

            warm.Sort();
            measured[memory] = (warm[warm.Count / 2], cold.InitMs);
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"  {memory} MB: cold start (Init Duration) {cold.InitMs:F0} ms, warm median {warm[warm.Count / 2]:F1} ms");
        }

        var reference = measured[1769].Median;
        var table = new Table().AddColumns("memory (MB)", "vCPU", "expected slowdown", "measured slowdown", "deviation", "median duration (ms)", "Init Duration (ms)");
        foreach (var (memory, (median, init)) in measured.OrderBy(kv => kv.Key))
        {
            // A single-threaded loop cannot use more than one vCPU: above 1,769 MB Lambda shows no speed-up either.
            var expected = Math.Max(1.0, 1769.0 / memory);
            var actual = median / reference;
            var deviation = (actual / expected) - 1;
            table.AddRow(
                memory.ToString(CultureInfo.InvariantCulture),
                Math.Min(Math.Min(6, Environment.ProcessorCount), memory / 1769.0).ToString("F3", CultureInfo.InvariantCulture),
                expected.ToString("F2", CultureInfo.InvariantCulture) + "×",
                actual.ToString("F2", CultureInfo.InvariantCulture) + "×",
                (Math.Abs(deviation) <= 0.15 ? "[green]" : "[red]") + deviation.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture) + "[/]",
                median.ToString("F1", CultureInfo.InvariantCulture),
                init?.ToString("F0", CultureInfo.InvariantCulture) ?? "-");
        }

        AnsiConsole.Write(table);
        return 0;
    }

    private static async Task<(double DurationMs, double? InitMs)> InvokeAsync(HttpClient http, string name, string payload, CancellationToken cancellationToken)
    {
        using var content = new StringContent(payload, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"2015-03-31/functions/{name}/invocations") { Content = content };
        request.Headers.Add("X-Amz-Log-Type", "Tail");
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.Headers.TryGetValues("X-Amz-Function-Error", out var error))
        {
            throw new InvalidOperationException($"{name} failed ({error.First()}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var log = Encoding.UTF8.GetString(Convert.FromBase64String(response.Headers.GetValues("X-Amz-Log-Result").First()));
        var parsed = LambdaLogParser.Parse(log);
        var report = parsed.Report
            ?? throw new InvalidOperationException($"No REPORT line in the log of {name}{(parsed.Problem is null ? string.Empty : ": " + parsed.Problem)}");
        return (report.DurationMs, report.InitDurationMs);
    }
}
