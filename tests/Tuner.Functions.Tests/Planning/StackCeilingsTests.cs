using System.Text.Json;
using Tuner.Core.Requests;
using Tuner.Functions.Planning;
using Tuner.Functions.Tests.TestHelpers;

namespace Tuner.Functions.Tests.Planning;

public sealed class StackCeilingsTests
{
    private const string Request = """{"job":"orders","targets":[{"function":"orders-ingest","memoryMb":[256],"invocations":4}],"maxConcurrency":3}""";
    private const string RequestWithoutMaxConcurrency = """{"job":"orders","targets":[{"function":"orders-ingest","memoryMb":[256],"invocations":4}]}""";

    [Theory]
    [InlineData("local", Request, 3)]
    [InlineData("local", RequestWithoutMaxConcurrency, 1)]
    [InlineData("aws", Request, 3)]
    public void MaxConcurrencyFor_LocalRunWithoutAnExplicitValue_MeasuresOneUnitAtATime(string mode, string json, int expected)
    {
        var raw = JsonDocument.Parse(json).RootElement;
        var request = TuningRequestReader.Read(json).Request!;

        var units = new StackCeilings(Requests.Settings(mode: mode)).MaxConcurrencyFor(raw, request);

        Assert.Equal(expected, units);
    }

    [Fact]
    public void Describe_NamesWhatWasRefusedThenEveryProblemWithItsPath()
    {
        var line = PlanProblems.Describe("the tuning request is not valid", [new ValidationProblem("targets[0].memoryMb", "must not be empty"), new ValidationProblem("job", "is required")]);

        Assert.StartsWith("the tuning request is not valid: ", line, StringComparison.Ordinal);
        Assert.Contains("targets[0].memoryMb", line, StringComparison.Ordinal);
        Assert.Contains("job", line, StringComparison.Ordinal);
    }
}
