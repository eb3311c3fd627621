using System.Text.Json;
using Tuner.Contracts.States;

namespace Tuner.Contracts.Tests.States;

public sealed class StageKindTests
{
    [Theory]
    [InlineData(StageKind.FirstPass, "firstPass")]
    [InlineData(StageKind.Narrowing, "narrowing")]
    [InlineData(StageKind.Confirmation, "confirmation")]
    public void Json_EveryKind_ItsNameInTheNarrowersOutputBothWays(StageKind kind, string name)
    {
        Assert.Equal(name, JsonSerializer.SerializeToElement(kind, StateOutputJson.Default.StageKind).GetString());
        Assert.Equal(kind, JsonSerializer.Deserialize($"\"{name}\"", StateOutputJson.Default.StageKind));
        Assert.Equal(kind, JsonSerializer.Deserialize<MeasureUnit>($$"""{"kind":"{{name}}"}""", JsonSerializerOptions.Web)!.Kind);
    }

    [Fact]
    public void MeasureUnit_WithoutKind_KindNull() =>
        Assert.Null(JsonSerializer.Deserialize("""{"unit":0,"stage":1}""", StateOutputJson.Default.MeasureUnit)!.Kind);

    [Fact]
    public void MeasureUnit_UnknownKind_Refused() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"kind":"secondPass"}""", StateOutputJson.Default.MeasureUnit));
}
