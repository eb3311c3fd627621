using System.Text.RegularExpressions;
using Tuner.Functions.Errors;

namespace Tuner.Functions.Runs;

/// <summary>The object keys of a run (ARCHITECTURE.md) and the rule for run ids (S3-key and description safe).</summary>
public static partial class RunKeys
{
    public static string Plan(string runId) => $"runs/{runId}/plan.json";

    public static string SamplesPrefix(string runId) => $"runs/{runId}/samples/";

    public static string Samples(string runId, string cellId) => $"runs/{runId}/samples/{cellId}.jsonl";

    public static string Report(string runId) => $"runs/{runId}/report.json";

    public static string Signature(string runId) => $"runs/{runId}/report.sig.json";

    public static string Html(string runId) => $"runs/{runId}/report.html";

    public static string Csv(string runId) => $"runs/{runId}/samples.csv";

    public static string Latest(string job) => $"jobs/{job}/latest.json";

    /// <summary>Throws <see cref="InvalidStateInputException"/> unless <paramref name="runId"/> is 1–80 of <c>[A-Za-z0-9_-]</c>.</summary>
    public static string RequireValidRunId(string? runId)
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
