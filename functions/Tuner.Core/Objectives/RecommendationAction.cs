namespace Tuner.Core.Objectives;

/// <summary>Whether to change the target's configuration.</summary>
public enum RecommendationAction
{
    Switch,
    KeepCurrent,
}
