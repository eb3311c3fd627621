using Tuner.Core.Decisions;
using Tuner.Core.Requests;

namespace Tuner.Core.Tests.Decisions;

public sealed class SamplingPolicyTests
{
    [Fact]
    public void For_DefaultTarget_CeilingIsTheDefaultAndTheConfirmationDoesNotGrowWithIt()
    {
        var policy = SamplingPolicy.For(TuningTarget.ForFunction("f"), cells: 8);

        Assert.Equal(TuningTarget.DefaultInvocations, policy.Ceiling);
        Assert.Equal(SamplingPolicy.DefaultConfirm, policy.Confirm);
        Assert.Equal(SamplingPolicy.DefaultFirstPass, policy.FirstPass);
        // 40% of 8 cells × 400 = 1,280, above the first pass and two looks of the confirmation (8 × 5 + 2 × 2 × 50 = 240).
        Assert.Equal(1280, policy.Budget);
    }

    [Theory]
    [InlineData(10, 20)]
    [InlineData(30, 30)]
    [InlineData(50, 50)]
    [InlineData(1000, 50)]
    public void For_Ceiling_ConfirmsWithItUpToTheDefaultAndAtLeastTheMinimum(int invocations, int confirm)
    {
        var policy = SamplingPolicy.For(TuningTarget.ForFunction("f") with { Invocations = invocations }, cells: 4);

        Assert.Equal(confirm, policy.Confirm);
    }

    [Fact]
    public void For_RequestGivesConfirmationAndBudget_TheyWin()
    {
        var policy = SamplingPolicy.For(TuningTarget.ForFunction("f") with { ConfirmInvocations = 120, InvocationBudget = 900 }, cells: 6);

        Assert.Equal(120, policy.Confirm);
        Assert.Equal(900, policy.Budget);
    }
}
