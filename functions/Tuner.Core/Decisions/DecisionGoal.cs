namespace Tuner.Core.Decisions;

/// <summary>A figure a decision compares: cost per invocation, or duration (latency) per invocation.</summary>
public enum DecisionGoal
{
    Cost,
    Duration,
}
