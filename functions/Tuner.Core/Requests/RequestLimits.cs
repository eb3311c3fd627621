using Tuner.Contracts;

namespace Tuner.Core.Requests;

/// <summary>
/// The bounds the validator enforces. <c>examples/request.schema.json</c> states the same numbers;
/// a test checks the two agree.
/// </summary>
public static class RequestLimits
{
    public const int MemoryMbMin = 128;
    public const int MemoryMbMax = 10240;
    public const int BatchSizeMin = 1;
    public const int BatchSizeMax = 25;
    public const int ParallelismMin = 1;
    public const int ParallelismMax = 64;
    public const int InvocationsMin = 1;
    public const int InvocationsMax = 1000;
    public const int ConcurrencyMin = 1;
    public const int ConcurrencyMax = 100;

    /// <summary>An inline Map runs at most 40 iterations at once.</summary>
    public const int MaxConcurrencyMin = 1;
    public const int MaxConcurrencyMax = 40;

    public const double WeightMin = 0;
    public const double WeightMax = 1;
    public const double MaxErrorRateMin = 0;
    public const double MaxErrorRateMax = 1;
    public const int TargetsMax = 10;
    public const int CellsPerTargetMax = 200;
    public const long MonthlyInvocationsMax = 1_000_000_000_000;
    public const double AlertPctMax = 1000;
    public const int EnvValuesMax = 20;

    /// <summary>S3-key-safe job names.</summary>
    public const string JobPattern = "^[A-Za-z0-9_-]{1,64}$";

    /// <summary>A function name or an unqualified function ARN.</summary>
    public const string FunctionPattern = "^(arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:)?[A-Za-z0-9_-]{1,64}$";

    /// <summary>Lambda's rule for environment variable names.</summary>
    public const string EnvNamePattern = "^[A-Za-z][A-Za-z0-9_]*$";

    public const string RegionPattern = "^[a-z]{2}(-[a-z]+)+-[0-9]$";

    public static IReadOnlyList<string> Architectures { get; } = ["x86_64", "arm64"];

    public static IReadOnlyList<string> Strategies { get; } = ["cost", "speed", "balanced"];

    /// <summary>Top-level fields a request may have.</summary>
    public static IReadOnlyList<string> RequestFields { get; } = ["job", "targets", "objective", "budget", "region", "maxConcurrency", "alerts"];

    public static IReadOnlyList<string> TargetFields { get; } =
        ["function", "payload", "payloads", "memoryMb", "dynamoDbBatch", "env", "invocations", "concurrency", "architecture", "monthlyInvocations",
            "coldStartShare", "invocationBudget", "confirmInvocations", "measure"];

    public static IReadOnlyList<string> ObjectiveFields { get; } = ["strategy", "weight", "maxP95Ms", "maxErrorRate", "equivalence"];

    public static IReadOnlyList<string> EquivalenceFields { get; } = ["cost", "duration"];

    /// <summary>How a target is measured: warm invocations (the default) or cold starts only.</summary>
    public static IReadOnlyList<string> MeasureModes { get; } = ["warm", "cold"];

    public const double ColdStartShareMin = 0;
    public const double ColdStartShareMax = 1;

    /// <summary>Equivalence margins are relative (0.03 = 3%); above 50% nothing would ever be told apart.</summary>
    public const double EquivalenceMin = 0;
    public const double EquivalenceMax = 0.5;

    public const int ConfirmInvocationsMin = 2;
    public const int ConfirmInvocationsMax = 1000;
    public const int InvocationBudgetMin = 1;
    public const int InvocationBudgetMax = 1_000_000;

    public static IReadOnlyList<string> AlertFields { get; } = ["durationIncreasePct", "maxMemoryIncreasePct", "costIncreasePct", "errorRatePct"];

    /// <summary>
    /// Variables that make a runtime load or run other code, or redirect its traffic and trust (a knob with one of them
    /// would run code the owner did not ship, with the function's role): never accepted as knobs, whatever the target's
    /// tags say.
    /// </summary>
    public static IReadOnlyList<string> CodeLoadingEnvNames { get; } =
    [
        "NODE_OPTIONS", "NODE_PATH", "NODE_EXTRA_CA_CERTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS", "CLASSPATH",
        "DOTNET_STARTUP_HOOKS", "DOTNET_ADDITIONAL_DEPS", "DOTNET_SHARED_STORE", "DOTNET_ROOT", "DOTNET_ADDITIONAL_PROBING_PATHS",
        "PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "PYTHONUSERBASE", "PERL5OPT", "PERL5LIB", "PERLLIB", "RUBYOPT", "RUBYLIB",
        "BASH_ENV", "ENV", "PATH", "HOME", "TMPDIR", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE",
        "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
    ];

    /// <summary>Prefixes of code-loading variables (profilers, the dynamic linker, interpreter start-up).</summary>
    public static IReadOnlyList<string> CodeLoadingEnvPrefixes { get; } = ["CORECLR_", "COR_", "COMPlus_", "LD_", "PYTHON", "PERL5", "RUBY", "JAVA_", "JDK_"];

    /// <summary>The settings of Tuner's own functions: a target's knob must not collide with them.</summary>
    public static IReadOnlyList<string> TunerSettingNames { get; } = TunerEnvironment.All;

    /// <summary>Lambda's limit on a function's environment: 4 KB in all, names and values.</summary>
    public const int EnvironmentBytesMax = 4096;

    /// <summary>Environment variables set by <c>dynamoDbBatch</c>, and prefixes Lambda reserves: not allowed in <c>env</c>.</summary>
    public static IReadOnlyList<string> ReservedEnvPrefixes { get; } = ["AWS_", "LAMBDA_", "_", TunerEnvironment.DynamoDbBatch.Prefix];
}
