using Tuner.Contracts.States;
using Tuner.Contracts.Tests.TestHelpers;

namespace Tuner.Contracts.Tests;

public sealed class CleanupOutcomeTests
{
    [Theory]
    [InlineData(CleanupOutcome.Unchanged, "unchanged")]
    [InlineData(CleanupOutcome.Restored, "restored")]
    [InlineData(CleanupOutcome.KeptOwnersChange, "keptOwnersChange")]
    [InlineData(CleanupOutcome.Failed, "failed")]
    public void Json_EveryOutcome_ItsNameInCleanupJsonBothWays(CleanupOutcome outcome, string name) =>
        EnumJson.AssertName(outcome, name, StateOutputJson.Default.CleanupOutcome);
}
