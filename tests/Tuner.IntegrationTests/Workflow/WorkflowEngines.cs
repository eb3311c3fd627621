using Amazon.Runtime;
using Tuner.Aws.Configuration;
using Tuner.Core.Ports;
using Tuner.LocalLambda;
using Tuner.LocalCloud;

namespace Tuner.IntegrationTests.Workflow;

/// <summary>
/// The whole local stack for the workflow tests (one <see cref="LocalCloudSession"/> shared by them), with the targets
/// they tune: the reference workload, two targets that always fail, one that allocates a payload-given amount of
/// memory (out of memory at small tiers), and one without the <c>tuner:allow</c> tag. Also clients of the engines.
/// </summary>
public sealed class WorkflowEngines : IAsyncDisposable
{
    public const string Workload = "wf-orders-ingest";
    public const string AlwaysFails = "wf-always-fails";
    public const string AlsoFails = "wf-also-fails";
    public const string Allocates = "wf-allocates";
    public const string NotAllowed = "wf-not-allowed";

    /// <summary>Fault tests on leases: two runs on it, or a lease left behind.</summary>
    public const string Leased = "wf-leased";

    /// <summary>Fault tests on drift: its owner changes its configuration mid-run.</summary>
    public const string Drifting = "wf-drifting";

    /// <summary>Fault tests on drift: new code is deployed between Tuner's update and its publish.</summary>
    public const string Deployed = "wf-deployed";
    /// <summary>Fault tests on drift: tuned beside <see cref="Deployed"/>, and measured when that one is dropped.</summary>
    public const string Companion = "wf-companion";

    /// <summary>Local history tests: the same job run twice, the second time slower (its payload sleeps longer).</summary>
    public const string History = "wf-history";

    /// <summary>Apply tests: a run's recommendation is applied to it (memory does not change its sleep, so a smaller one wins).</summary>
    public const string Apply = "wf-apply";

    /// <summary>Deadline fault test: each invocation sleeps, its timeout fits the short Executor budget of <see cref="LocalEnginesFixture.GetShortBudgetWorkflowAsync"/>.</summary>
    public const string Slow = "wf-slow";

    public const string Table = "wf-events";

    private readonly AwsClientFactory _clients;

    private WorkflowEngines(LocalCloudSession cloud, string keyDirectory)
    {
        Cloud = cloud;
        KeyDirectory = keyDirectory;
        _clients = new AwsClientFactory(
            new AwsEnvironment(
                cloud.Options.Region,
                null,
                new Dictionary<string, Uri>
                {
                    [AwsEnvironment.S3] = cloud.S3.ServiceUrl,
                    [AwsEnvironment.Lambda] = cloud.Lambda.Endpoint,
                },
                null),
            new BasicAWSCredentials(S3Engine.AccessKey, S3Engine.SecretKey));
        Lambda = _clients.CreateLambda();
        Store = _clients.CreateObjectStore(cloud.Bucket);
    }

    public LocalCloudSession Cloud { get; }

    public string KeyDirectory { get; }

    public string SigningKeyPath => Path.Combine(KeyDirectory, "report-signing.pem");

    public ILambdaApi Lambda { get; }

    public IObjectStore Store { get; }

    /// <summary>Starts the stack; <paramref name="executorBudget"/> sets the Executors' <c>TUNER_EXECUTOR_SECONDS</c> (null: the default).</summary>
    public static async Task<WorkflowEngines> StartAsync(string repoRoot, TimeSpan? executorBudget = null, string bucket = "tuner-workflow-tests")
    {
        var keyDirectory = Directory.CreateTempSubdirectory("tuner-workflow-keys-").FullName;
        var testTargets = Path.Combine(AppContext.BaseDirectory, "Tuner.TestTargets.dll");
        var allow = new Dictionary<string, string> { ["tuner:allow"] = "true" };
        try
        {
            var cloud = await LocalCloudSession.StartAsync(new LocalCloudOptions
            {
                DefinitionPath = Path.Combine(repoRoot, "statemachine", "tuner.asl.json"),
                FunctionsAssemblyPath = Path.Combine(AppContext.BaseDirectory, "Tuner.Functions.dll"),
                SigningKeyPath = Path.Combine(keyDirectory, "report-signing.pem"),
                EngineDirectory = Path.Combine(repoRoot, "local", "engine"),
                Bucket = bucket,
                ExecutorBudget = executorBudget,
                Targets =
                [
                    new LocalFunctionDefinition
                    {
                        Name = Workload,
                        Handler = "Tuner.Workload::Tuner.Workload.Ingest::Handle",
                        MemoryMb = 512,
                        TimeoutSeconds = 30,
                        Environment = new Dictionary<string, string>
                        {
                            ["TUNER_TABLE_NAME"] = Table,
                            ["TUNER_DDB_BATCH_SIZE"] = "25",
                            ["TUNER_DDB_PARALLELISM"] = "1",
                        },
                        Tags = allow,
                    },
                    new LocalFunctionDefinition { Name = AlwaysFails, Handler = $"{testTargets}::Tuner.TestTargets.Fail::Handle", MemoryMb = 256, TimeoutSeconds = 10, Tags = allow },
                    new LocalFunctionDefinition { Name = AlsoFails, Handler = $"{testTargets}::Tuner.TestTargets.Fail::Handle", MemoryMb = 256, TimeoutSeconds = 10, Tags = allow },
                    new LocalFunctionDefinition { Name = Allocates, Handler = $"{testTargets}::Tuner.TestTargets.Allocate::Handle", MemoryMb = 512, TimeoutSeconds = 20, Tags = allow },
                    new LocalFunctionDefinition { Name = NotAllowed, Handler = $"{testTargets}::Tuner.TestTargets.Echo::Handle", MemoryMb = 256, TimeoutSeconds = 10 },
                    new LocalFunctionDefinition { Name = Leased, Handler = $"{testTargets}::Tuner.TestTargets.Sleep::Handle", MemoryMb = 1024, TimeoutSeconds = 10, Tags = allow },
                    new LocalFunctionDefinition { Name = Drifting, Handler = $"{testTargets}::Tuner.TestTargets.Sleep::Handle", MemoryMb = 1024, TimeoutSeconds = 10, Environment = new Dictionary<string, string> { ["MODE"] = "steady" }, Tags = allow },
                    new LocalFunctionDefinition { Name = Deployed, Handler = $"{testTargets}::Tuner.TestTargets.Echo::Handle", MemoryMb = 1024, TimeoutSeconds = 10, Tags = allow },
                    new LocalFunctionDefinition { Name = Companion, Handler = $"{testTargets}::Tuner.TestTargets.Sleep::Handle", MemoryMb = 1024, TimeoutSeconds = 10, Tags = allow },
                    new LocalFunctionDefinition { Name = History, Handler = $"{testTargets}::Tuner.TestTargets.Sleep::Handle", MemoryMb = 1024, TimeoutSeconds = 10, Tags = allow },
                    new LocalFunctionDefinition { Name = Slow, Handler = $"{testTargets}::Tuner.TestTargets.Sleep::Handle", MemoryMb = 1024, TimeoutSeconds = 2, Tags = allow },
                    new LocalFunctionDefinition { Name = Apply, Handler = $"{testTargets}::Tuner.TestTargets.Sleep::Handle", MemoryMb = 1024, TimeoutSeconds = 10, Tags = allow },
                ],
            });
            return new WorkflowEngines(cloud, keyDirectory);
        }
        catch
        {
            Directory.Delete(keyDirectory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cloud.DisposeAsync();
        _clients.Dispose();
        Directory.Delete(KeyDirectory, recursive: true);
    }
}
