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

        var medians = new Dictionary<int, double>();
        foreach (var memory in new[] { 1769, 1024, 512, 256 })
        {
            // Loops compiled optimized from the first call: every tier runs the same machine code.
            var function = lambda.Register<CpuBound>(memoryMb: memory, timeoutSeconds: 60,
                environment: new Dictionary<string, string> { ["DOTNET_TC_QuickJitForLoops"] = "0" });
            var cold = await lambda.InvokeAsync(function, Work);
            Assert.Null(cold.FunctionError);
            var warm = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var answer = await lambda.InvokeAsync(function, Work);
                Assert.Null(answer.FunctionError);
                Assert.Null(answer.Report.InitDurationMs);
                warm.Add(answer.Report.DurationMs);
            }

            medians[memory] = warm.Order().ElementAt(2);
            output.WriteLine($"{memory} MB: warm durations {string.Join(", ", warm.Select(d => d.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        }

        foreach (var memory in new[] { 1024, 512, 256 })
        {
            var expected = 1769.0 / memory;
            var measured = medians[memory] / medians[1769];
            output.WriteLine($"{memory} MB: expected slowdown {expected:F2}, measured {measured:F2}");
            Assert.InRange(measured, expected * 0.85, expected * 1.15);
        }
    }
}
