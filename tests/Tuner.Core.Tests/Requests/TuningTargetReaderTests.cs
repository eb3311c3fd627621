using System.Text.Json;
using Tuner.Core.Requests;
using Tuner.Core.Serialization;

namespace Tuner.Core.Tests.Requests;

/// <summary>The rules of a request's targets, read straight from a <c>targets</c> array.</summary>
public sealed class TuningTargetReaderTests
{
    [Fact]
    public void ReadTargets_SameFunctionByNameAndArn_IsADuplicateOfTheFirst()
    {
        var (targets, problems) = Read("""[{"function":"orders"},{"function":"arn:aws:lambda:us-east-1:123456789012:function:orders"}]""");

        Assert.Equal(2, targets.Count);
        Assert.Equal(["targets[1].function: 'arn:aws:lambda:us-east-1:123456789012:function:orders' is already targets[0]"], problems);
    }

    [Fact]
    public void ReadTargets_MatrixAboveTheCellLimit_CountsMemoryBatchAndKnobs()
    {
        var memory = string.Join(",", Enumerable.Range(0, 10).Select(i => 128 + (i * 64)));
        var (_, problems) = Read($$$"""
            [{"function":"f","memoryMb":[{{{memory}}}],"dynamoDbBatch":{"batchSize":[1,5,10,25],"parallelism":[1,2]},"env":{"MODE":["a","b","c"]}}]
            """);

        Assert.Equal([$"targets[0]: the matrix has 240 cells, above {RequestLimits.CellsPerTargetMax}"], problems);
    }

    [Fact]
    public void ReadTargets_KnobValues_RefuseNonStringsAndRepeats()
    {
        var (targets, problems) = Read("""[{"function":"f","env":{"MODE":["a",1,"a","b"]}}]""");

        Assert.Equal(["a", "b"], Assert.Single(targets).Env["MODE"]);
        Assert.Equal(["targets[0].env.MODE[1]: must be a string", "targets[0].env.MODE[2]: 'a' is a duplicate"], problems);
    }

    [Fact]
    public void ReadTargets_Missing_IsRequired()
    {
        var fields = new JsonFieldReader();
        using var document = JsonDocument.Parse("{}");

        Assert.Empty(TuningTargetReader.ReadTargets(fields, document.RootElement));
        Assert.Equal("targets: is required", Assert.Single(fields.Problems).ToString());
    }

    private static (List<TuningTarget> Targets, string[] Problems) Read(string targetsJson)
    {
        var fields = new JsonFieldReader();
        using var document = JsonDocument.Parse($$"""{"targets":{{targetsJson}}}""");
        var targets = TuningTargetReader.ReadTargets(fields, document.RootElement);
        return (targets, fields.Problems.Select(p => p.ToString()).ToArray());
    }
}
