using System.Text.RegularExpressions;
using Tuner.Contracts;
using Tuner.Functions.Errors;

namespace Tuner.Functions.Runs;

/// <summary>The rule for run ids: S3-key and description safe (the bucket's keys are <see cref="BucketKeys"/>).</summary>
public static partial class RunId
{
    /// <summary>Throws <see cref="InvalidStateInputException"/> unless <paramref name="runId"/> is 1–80 of <c>[A-Za-z0-9_-]</c>.</summary>
    public static string RequireValid(string? runId)
    {
        if (runId is null || !RunIdPattern().IsMatch(runId))
        {
            throw new InvalidStateInputException($"runId '{runId}' must be 1-80 characters of A-Z, a-z, 0-9, '-' and '_'");
        }

        return runId;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex RunIdPattern();
}
