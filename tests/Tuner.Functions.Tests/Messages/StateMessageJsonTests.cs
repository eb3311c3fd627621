using System.Reflection;
using System.Text.Json;
using Tuner.Contracts.States;
using Tuner.Core.Serialization;
using Tuner.Functions.Messages;

namespace Tuner.Functions.Tests.Messages;

/// <summary>
/// <see cref="StateMessageJson"/>'s options are <see cref="TunerJson.Options"/>' in every setting, and its types come from
/// the generated metadata, all but the init-only records it reads with reflection (no fallback for any other type). The bytes themselves are <see cref="HandlerJsonTests"/>'.
/// </summary>
public sealed class StateMessageJsonTests
{
    /// <summary>What a source-generated context sets differently by nature: its resolver, and whether it is frozen yet.</summary>
    private static readonly string[] ResolverProperties = [nameof(JsonSerializerOptions.TypeInfoResolver), nameof(JsonSerializerOptions.TypeInfoResolverChain), nameof(JsonSerializerOptions.IsReadOnly)];

    public static TheoryData<string> Settings => [.. typeof(JsonSerializerOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetIndexParameters().Length == 0 && !ResolverProperties.Contains(p.Name))
        .Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Settings))]
    public void Wire_EverySetting_AsTunerJson(string setting)
    {
        Assert.Equal(Describe(TunerJson.Options, setting), Describe(StateMessageJson.Wire, setting));
    }

    /// <summary>The attribute states TunerJson's shape too (the generated <c>Default</c>), all but the encoder it cannot state.</summary>
    [Theory]
    [MemberData(nameof(Settings))]
    public void Default_EverySettingButTheEncoder_AsTunerJson(string setting)
    {
        var expected = setting == nameof(JsonSerializerOptions.Encoder) ? "null" : Describe(TunerJson.Options, setting);

        Assert.Equal(expected, Describe(StateMessageJson.Default.Options, setting));
    }

    [Theory]
    [InlineData(typeof(PlannerInput))]
    [InlineData(typeof(ExecutorInput))]
    [InlineData(typeof(NarrowerInput))]
    [InlineData(typeof(ReducerInput))]
    [InlineData(typeof(CleanerInput))]
    [InlineData(typeof(PlannerOutput))]
    [InlineData(typeof(NarrowerOutput))]
    [InlineData(typeof(ExecutorOutput))]
    [InlineData(typeof(ReducerOutput))]
    [InlineData(typeof(CleanerOutput))]
    [InlineData(typeof(JanitorOutput))]
    [InlineData(typeof(CellTask))]
    [InlineData(typeof(TargetCleanup))]
    [InlineData(typeof(StageKind))]
    public void Wire_AHandlersMessage_FromTheGeneratedMetadata(Type type)
    {
        Assert.Same(StateMessageJson.Default, StateMessageJson.Wire.GetTypeInfo(type).OriginatingResolver);
    }

    [Fact]
    public void Wire_TheInitOnlyRecords_FromReflectionAndNothingElse()
    {
        Assert.Equal([typeof(MeasureUnit), typeof(UnitCell)], StateMessageJson.ReadByReflection);
        Assert.All(StateMessageJson.ReadByReflection, type => Assert.NotSame(StateMessageJson.Default, StateMessageJson.Wire.GetTypeInfo(type).OriginatingResolver));
        Assert.Throws<NotSupportedException>(() => StateMessageJson.TypeInfo<UnitSummary>());
        Assert.Same(StateMessageJson.Wire, StateMessageJson.TypeInfo<PlannerInput>().Options);
    }

    /// <summary>What reflection is kept for is the errors alone: the generated metadata reads a unit's and a cell's missing properties as their defaults too.</summary>
    [Fact]
    public void Default_AnExecutorInputsUnitAndCellPropertiesMissing_TheirDefaults()
    {
        var input = JsonSerializer.Deserialize("""{"runId":"r1","bucket":"b","unit":{"unit":1,"cells":[{"samples":5}]}}""", StateMessageJson.Default.ExecutorInput)!;
        var withoutCells = JsonSerializer.Deserialize("""{"runId":"r1","bucket":"b","unit":{"unit":1}}""", StateMessageJson.Default.ExecutorInput)!;

        Assert.Equal(new UnitCell { Samples = 5 }, Assert.Single(input.Unit.Cells));
        Assert.Equal(new MeasureUnit { Unit = 1 }, withoutCells.Unit);
    }

    /// <summary>A setting's value; converters by their types (TunerJson's is a new instance), the rest by reference or value.</summary>
    private static string Describe(JsonSerializerOptions options, string setting)
    {
        var value = typeof(JsonSerializerOptions).GetProperty(setting)!.GetValue(options);
        return value switch
        {
            null => "null",
            IEnumerable<System.Text.Json.Serialization.JsonConverter> converters => string.Join(", ", converters.Select(c => c.GetType().FullName)),
            string or ValueType => $"{value}",
            _ => $"{value.GetType().FullName}#{System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(value)}",
        };
    }
}
