using Tuner.Core.Planning;
using Tuner.Core.Requests;

namespace Tuner.Core.Tests.Requests;

/// <summary>The names a request may vary: one refusal per rule, the first rule that applies wins.</summary>
public sealed class KnobNameRulesTests
{
    [Theory]
    [InlineData("LOG_LEVEL")]
    [InlineData("cache_size")]
    [InlineData("A1")]
    public void Refusal_OrdinaryName_IsNone(string name) => Assert.Null(KnobNameRules.Refusal(name));

    [Theory]
    [InlineData("1ABC", "is not a valid environment variable name")]
    [InlineData("A-B", "is not a valid environment variable name")]
    [InlineData("TUNER_DDB_BATCH_SIZE", "is set through dynamoDbBatch, not env")]
    [InlineData("AWS_REGION", "is reserved by Lambda")]
    [InlineData("LAMBDA_TASK_ROOT", "is reserved by Lambda")]
    [InlineData("NODE_OPTIONS", "loads or redirects code in the runtime: Tuner never varies it")]
    [InlineData("ld_preload", "loads or redirects code in the runtime: Tuner never varies it")]
    [InlineData("TUNER_BUCKET", "is a setting of Tuner's own functions, not a knob")]
    public void Refusal_RefusedName_SaysWhichRule(string name, string refusal) => Assert.Equal(refusal, KnobNameRules.Refusal(name));

    [Fact]
    public void Refusal_TheColdStartVariable_IsTunersOwn() =>
        Assert.Equal("is set by Tuner on each version it publishes in cold mode, not a knob", KnobNameRules.Refusal(ColdStartVersions.Variable));
}
