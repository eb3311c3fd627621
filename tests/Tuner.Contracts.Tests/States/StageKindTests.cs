using System.Text.Json;
using Tuner.Contracts.States;
using Tuner.Contracts.Tests.TestHelpers;

namespace Tuner.Contracts.Tests.States;

public sealed class StageKindTests
{
    [Theory]
    [InlineData(StageKind.FirstPass, "firstPass")]
    [InlineData(StageKind.Narrowing, "narrowing")]
    [InlineData(StageKind.Confirmation, "confirmation")]
    public void Json_EveryKind_ItsNameInTheNarrowersOutputBothWays(StageKind kind, string name)
    {
        EnumJson.AssertName(kind, name, StateOutputJson.Default.StageKind);
        Assert.Equal(kind, JsonSerializer.Deserialize<MeasureUnit>($$"""{"kind":"{{name}}"}""", JsonSerializerOptions.Web)!.Kind);
    }

    [Fact]
    public void MeasureUnit_WithoutKind_KindNull() =>
        Assert.Null(JsonSerializer.Deserialize("""{"unit":0,"stage":1}""", StateOutputJson.Default.MeasureUnit)!.Kind);

    [Fact]
    public void MeasureUnit_UnknownKind_Refused() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"kind":"secondPass"}""", StateOutputJson.Default.MeasureUnit));
}
