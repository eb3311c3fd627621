using Tuner.Core.Requests;

namespace Tuner.Functions.Planning;

/// <summary>The Planner's refusals in one line: what was refused, then every problem with its path.</summary>
public static class PlanProblems
{
    public static string Describe(string what, IEnumerable<ValidationProblem> problems) =>
        what + ": " + string.Join("; ", problems.Select(p => p.ToString()));
}
