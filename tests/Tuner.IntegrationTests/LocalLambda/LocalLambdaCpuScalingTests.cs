using Tuner.TestTargets;
using Xunit.Abstractions;

namespace Tuner.IntegrationTests.LocalLambda;

/// <summary>CPU time proportional to memory, as on Lambda: a single-threaded loop slows down by 1769/m below one vCPU.</summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class LocalLambdaCpuScalingTests(LocalEnginesFixture fixture, ITestOutputHelper output)
{
    // ≈ 150–250 ms at 1,769 MB on this machine, so 256 MB takes ≈ 1.5 s.
    private const string Work = """{"iterations":36000000}""";

    [Fact]
    public async Task Invoke_CpuBoundAtEachTier_DurationRatiosWithin15PercentOf1769OverMemory()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        Assert.True(lambda.Service.LimitsEnforced, "CPU limits need cgroups: " + lambda.Service.LimitsDescription);

        // Register and warm every tier first, then interleave the tiers round by round: a burst of host
        // contention (this machine has 2 cores) then slows every tier of that round alike instead of
        // landing on one tier's whole series. Each round gives one ratio per tier; the median ratio counts.
        int[] tiers = [1769, 1024, 512, 256];
        var functions = new Dictionary<int, string>();
        foreach (var memory in tiers)
        {
            // Loops compiled optimized from the first call: every tier runs the same machine code.
            functions[memory] = lambda.Register<CpuBound>(memoryMb: memory, timeoutSeconds: 60,
                environment: new Dictionary<string, string> { ["DOTNET_TC_QuickJitForLoops"] = "0" });
            var cold = await lambda.InvokeAsync(functions[memory], Work);
            Assert.Null(cold.FunctionError);
        }

        // 9 rounds, not 5: at 256 MB (a 14.5% CPU quota) single durations vary ±10% with the CFS period, and with 5
        // rounds the median ratio alone moved 6.9–8.0 between runs (one run just over the 15% band: 7.95 for 6.91).
        const int Rounds = 9;
        var durations = tiers.ToDictionary(memory => memory, _ => new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var memory in tiers)
            {
                var answer = await lambda.InvokeAsync(functions[memory], Work);
                Assert.Null(answer.FunctionError);
                Assert.Null(answer.Report.InitDurationMs);
                durations[memory].Add(answer.Report.DurationMs);
            }
        }

        foreach (var memory in tiers)
        {
            output.WriteLine($"{memory} MB: warm durations {string.Join(", ", durations[memory].Select(d => d.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        }

        foreach (var memory in new[] { 1024, 512, 256 })
        {
            var expected = 1769.0 / memory;
            var measured = Enumerable.Range(0, Rounds).Select(round => durations[memory][round] / durations[1769][round]).Order().ElementAt(Rounds / 2);
            output.WriteLine($"{memory} MB: expected slowdown {expected:F2}, measured {measured:F2}");
            Assert.InRange(measured, expected * 0.85, expected * 1.15);
        }
    }
}
