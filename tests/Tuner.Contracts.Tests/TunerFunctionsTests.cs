namespace Tuner.Contracts.Tests;

public sealed class TunerFunctionsTests
{
    [Fact]
    public void States_AreTheAslTaskStatesInOrder() =>
        Assert.Equal(["Planner", "Narrower", "Executor", "Reducer", "Cleaner"], TunerFunctions.States.Select(f => f.Name));

    [Fact]
    public void Handler_IsTheHandlerClassNamedLikeTheState()
    {
        Assert.Equal("Tuner.Functions::Tuner.Functions.Planner::Handle", TunerFunctions.Planner.Handler);
        Assert.Equal("Tuner.Functions::Tuner.Functions.Janitor::Handle", TunerFunctions.Janitor.Handler);
        Assert.Equal("/x/Tuner.Functions.dll::Tuner.Functions.Cleaner::Handle", TunerFunctions.Cleaner.HandlerIn("/x/Tuner.Functions.dll"));
    }

    [Fact]
    public void MemoryMb_IsWhatTheStackHasAlwaysGiven()
    {
        Assert.Equal(1024, TunerFunctions.Planner.MemoryMb);
        Assert.Equal(1024, TunerFunctions.Narrower.MemoryMb);
        Assert.Equal(1024, TunerFunctions.Executor.MemoryMb);
        Assert.Equal(2048, TunerFunctions.Reducer.MemoryMb);
        Assert.Equal(512, TunerFunctions.Cleaner.MemoryMb);
        Assert.Equal(512, TunerFunctions.Janitor.MemoryMb);
    }

    [Theory]
    [InlineData(300, 300)]
    [InlineData(900, 900)]
    [InlineData(3600, 900)]
    [InlineData(null, 900)]
    public void TimeoutSeconds_AslTaskTimeout_IsUsedUpToLambdasMaximum(int? asl, int expected) =>
        Assert.Equal(expected, TunerFunctions.Executor.TimeoutSeconds(placeholder => placeholder == "ExecutorFunctionArn" ? asl : 1));

    [Theory]
    [InlineData(900, 600)]
    [InlineData(360, 60)]
    public void ExecutorBudgetSeconds_TaskTimeout_LeavesTheMarginForTheLastWavesAndTheWrites(int timeout, int expected) =>
        Assert.Equal(expected, TunerFunctions.ExecutorBudgetSeconds(timeout));

    [Theory]
    [InlineData(300)]
    [InlineData(60)]
    public void ExecutorBudgetSeconds_TaskTimeoutNotAboveTheMargin_Refused(int timeout) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TunerFunctions.ExecutorBudgetSeconds(timeout));

    [Theory]
    [InlineData(900, 860)]
    [InlineData(300, 260)]
    public void LongestTargetTimeoutSeconds_TaskTimeout_IsTheTaskTimeoutLessTheExecutorsStartAndItsWrites(int taskTimeout, int expected)
    {
        var longest = TunerFunctions.LongestTargetTimeoutSeconds(taskTimeout);

        Assert.Equal(expected, longest);
        Assert.True(TunerFunctions.InvocationFits(TimeSpan.FromSeconds(TunerFunctions.ExecutorStartSeconds), longest, taskTimeout));
        Assert.False(TunerFunctions.InvocationFits(TimeSpan.FromSeconds(TunerFunctions.ExecutorStartSeconds), longest + 1, taskTimeout));
    }

    [Theory]
    [InlineData(470, 400, true)]
    [InlineData(470.001, 400, false)]
    [InlineData(10, 860, true)]
    [InlineData(10.001, 860, false)]
    [InlineData(839, 30, true)]
    [InlineData(841, 30, false)]
    public void InvocationFits_ElapsedAndTargetTimeout_OnlyWhenItAndTheWritesEndWithinTheTaskTimeout(double elapsedSeconds, int targetTimeout, bool expected) =>
        Assert.Equal(expected, TunerFunctions.InvocationFits(TimeSpan.FromSeconds(elapsedSeconds), targetTimeout));

    [Fact]
    public void NamesAndPlaceholders_AreDistinct()
    {
        OwnFunction[] all = [.. TunerFunctions.States, TunerFunctions.Janitor];
        Assert.Equal(all.Length, all.Select(f => f.LocalName).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("PlannerFunctionArn", TunerFunctions.Planner.ArnPlaceholder);
        Assert.Equal("tuner-planner", TunerFunctions.Planner.LocalName);
    }
}
