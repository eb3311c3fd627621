namespace Tuner.Core.Requests;

/// <summary>What the recommendation optimises: cost per invocation, p95 latency, or a weighted mix of both.</summary>
public enum ObjectiveStrategy
{
    Cost,
    Speed,
    Balanced,
}
