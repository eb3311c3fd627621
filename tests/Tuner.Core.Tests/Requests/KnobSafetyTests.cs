using Tuner.Core.Planning;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Requests;

/// <summary>A knob is written to the target and invoked with the request's payloads: it must never be able to load code.</summary>
[Trait("Category", "Security")]
public sealed class KnobSafetyTests
{
    [Theory]
    [InlineData("NODE_OPTIONS")]
    [InlineData("JAVA_TOOL_OPTIONS")]
    [InlineData("DOTNET_STARTUP_HOOKS")]
    [InlineData("CORECLR_PROFILER_PATH")]
    [InlineData("LD_PRELOAD")]
    [InlineData("LD_LIBRARY_PATH")]
    [InlineData("PYTHONPATH")]
    [InlineData("PYTHONSTARTUP")]
    [InlineData("PERL5OPT")]
    [InlineData("RUBYOPT")]
    [InlineData("HTTPS_PROXY")]
    [InlineData("node_options")]
    public void Read_CodeLoadingKnob_IsRefusedWithItsPath(string name)
    {
        var read = TuningRequestReader.Read($$$"""{"job":"j","targets":[{"function":"f","env":{"{{{name}}}":["--require /tmp/x.js"]}}]}""");

        var problem = Assert.Single(read.Problems);
        Assert.Equal($"targets[0].env.{name}", problem.Path);
        Assert.Equal("loads or redirects code in the runtime: Tuner never varies it", problem.Message);
    }

    [Theory]
    [InlineData("AWS_LAMBDA_EXEC_WRAPPER")]
    [InlineData("_JAVA_OPTIONS")]
    public void Read_ReservedCodeLoadingKnob_IsRefused(string name)
    {
        var read = TuningRequestReader.Read($$$"""{"job":"j","targets":[{"function":"f","env":{"{{{name}}}":["x"]}}]}""");

        Assert.Equal($"targets[0].env.{name}", Assert.Single(read.Problems).Path);
    }

    [Fact]
    public void Read_TunerOwnSetting_IsRefused()
    {
        var read = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","env":{"TUNER_BUCKET":["attacker-bucket"]}}]}""");

        var problem = Assert.Single(read.Problems);
        Assert.Equal("targets[0].env.TUNER_BUCKET", problem.Path);
        Assert.Equal("is a setting of Tuner's own functions, not a knob", problem.Message);
    }

    [Fact]
    public void Read_OrdinaryKnob_IsAccepted()
    {
        var read = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","env":{"CACHE_MB":["64","128"],"DOTNET_gcServer":["0","1"]}}]}""");

        Assert.True(read.IsValid, string.Join("; ", read.Problems));
    }

    [Fact]
    public void Plan_EnvironmentAbove4Kb_IsRefusedBeforeAnythingIsPublished()
    {
        var big = new string('x', 2100);
        var read = TuningRequestReader.Read($$$"""{"job":"j","targets":[{"function":"f","memoryMb":[512],"env":{"BLOB":["{{{big}}}"]}}]}""");
        var current = TestData.Configuration(environment: new Dictionary<string, string> { ["OTHER"] = new string('y', 2100) });

        var result = TuningPlanner.Plan(read.Request!, [current], PricingCatalog.Default, "us-east-1");

        Assert.Null(result.Plan);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("targets[0].env", problem.Path);
        Assert.Contains("above Lambda's 4096", problem.Message, StringComparison.Ordinal);
    }
}
