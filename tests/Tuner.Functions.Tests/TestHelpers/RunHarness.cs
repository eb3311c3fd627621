using Tuner.Aws.Signing;
using Tuner.Contracts.States;
using Tuner.Core.Pricing;
using Tuner.Functions.Messages;

namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>
/// Runs the handlers in the state machine's order against the fakes (no engine): Planner, then the staged loop
/// (Narrower, one Executor per unit, until the Narrower says done), then the Reducer and the Cleaner.
/// </summary>
public sealed class RunHarness : IDisposable
{
    private readonly string _keyDirectory = Directory.CreateTempSubdirectory("tuner-functions-tests-").FullName;

    public RunHarness()
    {
        Signer = new LocalKeyReportSigner(Path.Combine(_keyDirectory, "report-signing.pem"));
    }

    public FakeLambdaApi Lambda { get; } = new();

    public InMemoryObjectStore Store { get; } = new();

    public LocalKeyReportSigner Signer { get; }

    public StringWriter Alerts { get; } = new();

    /// <summary>
    /// Adds a 512 MB function whose duration falls with memory but less than proportionally (20 + 20,480 / memory ms, plus
    /// up to 4 ms of jitter from a seeded <see cref="Random"/>): 1024 MB is fastest, 256 MB cheapest per invocation.
    /// </summary>
    public FakeFunction AddMemoryBoundFunction(string name)
    {
        var function = Lambda.Add(name, memoryMb: 512);
        var random = new Random(7);
        function.Behaviour = (configuration, _) =>
        {
            double jitter;
            lock (random)
            {
                jitter = random.NextDouble() * 4;
            }

            return Task.FromResult(FakeLambdaApi.Success(configuration, 20 + (20_480.0 / configuration.MemorySizeMb) + jitter));
        };
        return function;
    }

    public LocalKeyReportVerifier Verifier() => LocalKeyReportVerifier.FromFile(Signer.Key.PublicKeyPath);

    public Reducer CreateReducer() =>
        new(Store, Signer, Verifier(), Requests.Settings(), PricingCatalog.Default, TimeProvider.System, Alerts);

    public Narrower CreateNarrower() => new(Store, Requests.Settings(), PricingCatalog.Default);

    /// <summary>Planner, then Narrower and Executors until done; returns the plan and every Narrower output (the last one done).</summary>
    public async Task<(PlannerOutput Plan, IReadOnlyList<NarrowerOutput> Steps)> PlanAndExecuteAsync(System.Text.Json.JsonElement request, string runId)
    {
        var planner = new Planner(Lambda, Store, Requests.Settings(), PricingCatalog.Default, TimeProvider.System);
        var plan = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request, runId });
        var narrower = CreateNarrower();
        var executor = new Executor(Lambda, Store, Requests.Settings(), TimeProvider.System);
        var steps = new List<NarrowerOutput>();
        for (var call = 0; call < Narrower.MaxSteps; call++)
        {
            var step = await HandlerCall.InvokeAsync<NarrowerOutput>(narrower.Handle, new { runId, bucket = plan.Bucket });
            steps.Add(step);
            if (step.Done)
            {
                return (plan, steps);
            }

            foreach (var unit in step.Units)
            {
                await HandlerCall.InvokeAsync<ExecutorOutput>(executor.Handle, new { runId, bucket = plan.Bucket, unit });
            }
        }

        throw new InvalidOperationException($"the Narrower was not done after {Narrower.MaxSteps} steps");
    }

    /// <summary>The Cleaner, as the state machine runs it after the Reducer: versions deleted, targets restored, leases released.</summary>
    public Task<CleanerOutput> CleanAsync(System.Text.Json.JsonElement request, string runId) =>
        HandlerCall.InvokeAsync<CleanerOutput>(new Cleaner(Lambda, Store, TimeProvider.System).Handle, new { runId, request, outcome = "succeeded" });

    public void Dispose()
    {
        Alerts.Dispose();
        Directory.Delete(_keyDirectory, recursive: true);
    }
}
