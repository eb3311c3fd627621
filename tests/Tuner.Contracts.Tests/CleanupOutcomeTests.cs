using System.Text.Json;
using Tuner.Contracts.States;

namespace Tuner.Contracts.Tests;

public sealed class CleanupOutcomeTests
{
    [Theory]
    [InlineData(CleanupOutcome.Unchanged, "unchanged")]
    [InlineData(CleanupOutcome.Restored, "restored")]
    [InlineData(CleanupOutcome.KeptOwnersChange, "keptOwnersChange")]
    [InlineData(CleanupOutcome.Failed, "failed")]
    public void Json_EveryOutcome_ItsNameInCleanupJsonBothWays(CleanupOutcome outcome, string name)
    {
        Assert.Equal(name, JsonSerializer.SerializeToElement(outcome, StateOutputJson.Default.CleanupOutcome).GetString());
        Assert.Equal(outcome, JsonSerializer.Deserialize($"\"{name}\"", StateOutputJson.Default.CleanupOutcome));
    }
}
