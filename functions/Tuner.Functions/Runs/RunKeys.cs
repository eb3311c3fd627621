using System.Globalization;
using System.Text.RegularExpressions;
using Tuner.Functions.Errors;

namespace Tuner.Functions.Runs;

/// <summary>The object keys of a run (ARCHITECTURE.md) and the rule for run ids (S3-key and description safe).</summary>
public static partial class RunKeys
{
    public static string Plan(string runId) => $"runs/{runId}/plan.json";

    /// <summary>Where only the Planner and the Cleaner may read (IAM; SSE-KMS with a key only they may use).</summary>
    public const string SecretsPrefix = "secrets/";

    /// <summary>Each target's whole baseline configuration (environment values included) of a run.</summary>
    public static string Baselines(string runId) => $"{SecretsPrefix}{runId}/baselines.json";

    /// <summary>Written by the Cleaner when it starts: the run has ended, whatever of it is still running must stop.</summary>
    public static string Ended(string runId) => $"runs/{runId}/ended.json";

    /// <summary>What the run's last Cleaner did to each target, beside the report (the Cleaner runs after the Reducer signs it).</summary>
    public static string Cleanup(string runId) => $"runs/{runId}/{Tuner.Aws.Signing.SignedCleanupCheck.FileName}";

    /// <summary>The Cleaner's signature of <see cref="Cleanup"/> (the Cleaner's key on AWS, the local key locally).</summary>
    public static string CleanupSignature(string runId) => $"runs/{runId}/{Tuner.Aws.Signing.SignedCleanupCheck.SignatureFileName}";

    public static string SamplesPrefix(string runId) => $"runs/{runId}/samples/";

    /// <summary>The samples one Narrower step took of one cell (each step writes its own file, never appends).</summary>
    public static string Samples(string runId, string cellId, int step) =>
        string.Create(CultureInfo.InvariantCulture, $"runs/{runId}/samples/{cellId}/step-{step}.jsonl");

    /// <summary>Every cell's stage history, written by the Narrower.</summary>
    public static string Stages(string runId) => $"runs/{runId}/stages.json";

    public static string StepsPrefix(string runId) => $"runs/{runId}/steps/";

    public static string StepPrefix(string runId, int step) =>
        string.Create(CultureInfo.InvariantCulture, $"runs/{runId}/steps/{step}/");

    /// <summary>What one Executor did in one step (<c>UnitSummary</c>), for the Reducer's warnings.</summary>
    public static string UnitSummary(string runId, int step, int unit) =>
        string.Create(CultureInfo.InvariantCulture, $"runs/{runId}/steps/{step}/unit-{unit}.json");

    public static string Report(string runId) => $"runs/{runId}/report.json";

    public static string Signature(string runId) => $"runs/{runId}/report.sig.json";

    public static string Html(string runId) => $"runs/{runId}/report.html";

    public static string Csv(string runId) => $"runs/{runId}/samples.csv";

    public static string Latest(string job) => $"jobs/{job}/latest.json";

    /// <summary>Where every function's lease lives (<see cref="Lease"/>).</summary>
    public const string LeasesPrefix = "locks/";

    /// <summary>The lease of one target function (<c>FunctionLease</c>): the run that may change it now.</summary>
    public static string Lease(string function) => LeasesPrefix + function;

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
