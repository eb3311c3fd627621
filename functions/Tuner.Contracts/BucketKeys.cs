using System.Globalization;

namespace Tuner.Contracts;

/// <summary>
/// The layout of Tuner's bucket: every object key, file name and IAM key pattern, built here and nowhere else (the
/// functions, the CDK stack's grants and lifecycle rules, the CLI's download and the local reports folder use it).
/// <list type="bullet">
/// <item><c>runs/&lt;runId&gt;/</c>: the plan, the samples (tagged <see cref="DataTagKey"/>=<see cref="SampleTagValue"/>),
/// the step summaries, the stage history, the report files and what the Cleaner did.</item>
/// <item><c>jobs/&lt;job&gt;/latest.json</c>: the job's newest report, which the next run's trend compares with.</item>
/// <item><c>secrets/&lt;runId&gt;/</c>: each run's whole baselines (Planner and Cleaner only).</item>
/// <item><c>locks/&lt;function&gt;</c>: the lease of each target function.</item>
/// </list>
/// </summary>
public static class BucketKeys
{
    /// <summary>Every run's folder.</summary>
    public const string RunsPrefix = "runs/";

    /// <summary>Every job's folder (its newest report).</summary>
    public const string JobsPrefix = "jobs/";

    /// <summary>Where only the Planner and the Cleaner may read (IAM; SSE-KMS with a key only they may use).</summary>
    public const string SecretsPrefix = "secrets/";

    /// <summary>Where every function's lease lives (<see cref="Lease"/>).</summary>
    public const string LeasesPrefix = "locks/";

    /// <summary>The run's plan: written by the Planner before it changes any function.</summary>
    public const string PlanFile = "plan.json";

    /// <summary>Written by the Cleaner when it starts: the run has ended, whatever of it is still running must stop.</summary>
    public const string EndedFile = "ended.json";

    /// <summary>What the run's last Cleaner did to each target, beside the report (the Cleaner runs after the Reducer signs it).</summary>
    public const string CleanupFile = "cleanup.json";

    /// <summary>The Cleaner's signature of <see cref="CleanupFile"/> (the Cleaner's key on AWS, the local key locally).</summary>
    public const string CleanupSignatureFile = "cleanup.sig.json";

    /// <summary><see cref="CleanupFile"/> rendered for people by the Cleaner, beside <see cref="HtmlFile"/> (which is rendered before it runs).</summary>
    public const string CleanupHtmlFile = "cleanup.html";

    /// <summary>Every cell's stage history, written by the Narrower.</summary>
    public const string StagesFile = "stages.json";

    /// <summary>The signed report (its exact bytes are what was signed).</summary>
    public const string ReportFile = "report.json";

    /// <summary>The report's signature (<see cref="ReportSignatureFile"/>), beside <see cref="ReportFile"/>.</summary>
    public const string SignatureFile = "report.sig.json";

    /// <summary>The report rendered for people.</summary>
    public const string HtmlFile = "report.html";

    /// <summary>Every sample of the run, one line each.</summary>
    public const string CsvFile = "samples.csv";

    /// <summary>A job's newest report, under <see cref="JobsPrefix"/>.</summary>
    public const string LatestFile = "latest.json";

    /// <summary>Each target's whole baseline configuration, under <see cref="SecretsPrefix"/>.</summary>
    public const string BaselinesFile = "baselines.json";

    /// <summary>
    /// The tag key of sample objects, which the stack's <c>ExpireSamples</c> lifecycle rule filters on: S3 lifecycle
    /// filters cannot match <c>runs/*/samples/</c> by prefix.
    /// </summary>
    public const string DataTagKey = "tuner:data";

    /// <summary>The <see cref="DataTagKey"/> value of sample objects.</summary>
    public const string SampleTagValue = "sample";

    private const string SamplesFolder = "samples/";
    private const string SampleFileExtension = ".jsonl";
    private const string StepsFolder = "steps/";
    private const string Any = "*";

    /// <summary>The files the Reducer writes in a run's folder, in the order <c>tuner run</c> lists them.</summary>
    public static IReadOnlyList<string> ReportFiles { get; } = [ReportFile, SignatureFile, HtmlFile, CsvFile];

    /// <summary>A run's folder, <c>runs/&lt;runId&gt;/</c>.</summary>
    public static string Run(string runId) => RunsPrefix + runId + "/";

    /// <summary>A file in a run's folder.</summary>
    public static string RunFile(string runId, string file) => Run(runId) + file;

    public static string Plan(string runId) => RunFile(runId, PlanFile);

    public static string Ended(string runId) => RunFile(runId, EndedFile);

    public static string Cleanup(string runId) => RunFile(runId, CleanupFile);

    public static string CleanupSignature(string runId) => RunFile(runId, CleanupSignatureFile);

    public static string CleanupHtml(string runId) => RunFile(runId, CleanupHtmlFile);

    public static string Stages(string runId) => RunFile(runId, StagesFile);

    public static string Report(string runId) => RunFile(runId, ReportFile);

    public static string Signature(string runId) => RunFile(runId, SignatureFile);

    public static string Html(string runId) => RunFile(runId, HtmlFile);

    public static string Csv(string runId) => RunFile(runId, CsvFile);

    public static string SamplesPrefix(string runId) => Run(runId) + SamplesFolder;

    /// <summary>The samples one Narrower step took of one cell (each step writes its own file, never appends).</summary>
    public static string Samples(string runId, string cellId, int step) =>
        string.Create(CultureInfo.InvariantCulture, $"{SamplesPrefix(runId)}{cellId}/step-{step}{SampleFileExtension}");

    /// <summary>
    /// The cell whose folder under <see cref="SamplesPrefix"/> holds <paramref name="key"/> when it is a samples file
    /// (<c>….jsonl</c>) there, else null: what the Reducer reads as samples of that cell.
    /// </summary>
    public static string? SampleFileCell(string runId, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var prefix = SamplesPrefix(runId);
        var rest = key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : string.Empty;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && key.EndsWith(SampleFileExtension, StringComparison.Ordinal) ? rest[..slash] : null;
    }

    public static string StepsPrefix(string runId) => Run(runId) + StepsFolder;

    public static string StepPrefix(string runId, int step) =>
        string.Create(CultureInfo.InvariantCulture, $"{StepsPrefix(runId)}{step}/");

    /// <summary>What one Executor did in one step (<c>UnitSummary</c>), for the Reducer's warnings.</summary>
    public static string UnitSummary(string runId, int step, int unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{StepPrefix(runId, step)}unit-{unit}.json");

    /// <summary>The job's newest report, <c>jobs/&lt;job&gt;/latest.json</c>.</summary>
    public static string Latest(string job) => JobsPrefix + job + "/" + LatestFile;

    /// <summary>Each target's whole baseline configuration (environment values included) of a run.</summary>
    public static string Baselines(string runId) => SecretsPrefix + runId + "/" + BaselinesFile;

    /// <summary>The lease of one target function (<c>FunctionLease</c>): the run that may change it now.</summary>
    public static string Lease(string function) => LeasesPrefix + function;

    /// <summary>True for <c>runs/&lt;runId&gt;/samples/&lt;anything&gt;</c>: the keys that expire with the samples lifecycle rule.</summary>
    public static bool IsSampleKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.StartsWith(RunsPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key.AsSpan(RunsPrefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        rest = rest[(slash + 1)..];
        return rest.Length > SamplesFolder.Length && rest.StartsWith(SamplesFolder, StringComparison.Ordinal);
    }

    /// <summary>IAM key patterns (<c>*</c> wildcards) for the stack's grants.</summary>
    public static class Patterns
    {
        /// <summary>Every object of every run, <c>runs/*</c>.</summary>
        public const string EveryRun = RunsPrefix + Any;

        /// <summary>Every object of every job, <c>jobs/*</c>.</summary>
        public const string EveryJob = JobsPrefix + Any;

        /// <summary>Every lease, <c>locks/*</c>.</summary>
        public const string EveryLease = LeasesPrefix + Any;

        /// <summary>Every object under <see cref="SecretsPrefix"/>.</summary>
        public const string EverySecret = SecretsPrefix + Any;

        /// <summary>Every job's newest report.</summary>
        public static string EveryLatest => Latest(Any);

        /// <summary>Every run's baselines.</summary>
        public static string EveryBaselines => Baselines(Any);

        /// <summary>Every sample object of every run, <c>runs/*/samples/*</c>.</summary>
        public static string EverySample => SamplesPrefix(Any) + Any;

        /// <summary>Every step summary of every run.</summary>
        public static string EveryStep => StepsPrefix(Any) + Any;

        /// <summary>The file <paramref name="file"/> of every run, <c>runs/*/&lt;file&gt;</c>.</summary>
        public static string InEveryRun(string file) => RunFile(Any, file);
    }
}
