using Tuner.LocalLambda;

namespace Tuner.LocalCloud;

/// <summary>
/// What <see cref="LocalCloudSession.StartAsync"/> starts: the state machine file, where Tuner's own functions are built
/// (<c>Tuner.Functions.dll</c>), the targets to register (from <c>tuner.local.json</c> and/or given directly), the
/// bucket, and the report-signing key file the Reducer uses (and <c>tuner verify</c> checks against).
/// </summary>
public sealed record LocalCloudOptions
{
    /// <summary><c>statemachine/tuner.asl.json</c>.</summary>
    public required string DefinitionPath { get; init; }

    /// <summary>Path of <c>Tuner.Functions.dll</c> (its dependencies beside it).</summary>
    public required string FunctionsAssemblyPath { get; init; }

    /// <summary>The ECDSA P-256 key file the Reducer signs with (created on first use).</summary>
    public required string SigningKeyPath { get; init; }

    /// <summary>Optional <c>tuner.local.json</c> naming the target functions.</summary>
    public string? RegistryPath { get; init; }

    /// <summary>Targets in addition to <see cref="RegistryPath"/>'s.</summary>
    public IReadOnlyList<LocalFunctionDefinition> Targets { get; init; } = [];

    /// <summary>Folders searched for a handler assembly given by bare name (e.g. <c>Tuner.Workload</c>), after the registry's folder.</summary>
    public IReadOnlyList<string> AssemblySearchDirectories { get; init; } = [AppContext.BaseDirectory];

    public string Bucket { get; init; } = "tuner-local";

    /// <summary>The region the local stack answers for when none is given.</summary>
    public const string DefaultRegion = "us-east-1";

    public string Region { get; init; } = DefaultRegion;

    /// <summary><c>local/engine</c>; found by walking up from the app and the working directory when null.</summary>
    public string? EngineDirectory { get; init; }

    /// <summary>Cap target environments with cgroups (when the machine allows it).</summary>
    public bool EnforceLimits { get; init; } = true;

    /// <summary>The local DynamoDB's per-table write budget (write units per second; 0 = unlimited).</summary>
    public double DynamoDbWriteUnitsPerSecond { get; init; } = DynamoDbEngine.DefaultWriteUnitsPerSecond;

    /// <summary>
    /// How long each Executor starts new waves before it writes the samples it has and returns
    /// (<c>TUNER_EXECUTOR_SECONDS</c>, whole seconds, given to every one of Tuner's functions: the Planner refuses a
    /// target whose timeout is longer). Null: the functions' default (600 s), which the AWS stack sets from the Executor's
    /// 900 s Task timeout (<c>TunerFunctions.ExecutorBudgetSeconds</c>).
    /// </summary>
    public TimeSpan? ExecutorBudget { get; init; }

    /// <summary>Progress of the start-up (npm install, engines), one line per step.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;
}
