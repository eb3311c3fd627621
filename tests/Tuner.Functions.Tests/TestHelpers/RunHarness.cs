using Tuner.Aws.Signing;
using Tuner.Core.Pricing;
using Tuner.Functions.Messages;

namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>Runs the four handlers in the state machine's order against the fakes (no engine): Planner, every Executor, Reducer, Cleaner.</summary>
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

    public LocalKeyReportVerifier Verifier() => LocalKeyReportVerifier.FromFile(Signer.Key.PublicKeyPath);

    public Reducer CreateReducer() =>
        new(Store, Signer, Verifier(), Requests.Settings(), PricingCatalog.Default, TimeProvider.System, Alerts);

    public async Task<(PlannerOutput Plan, IReadOnlyList<CellSummary> Cells)> PlanAndExecuteAsync(System.Text.Json.JsonElement request, string runId)
    {
        var planner = new Planner(Lambda, Store, Requests.Settings(), PricingCatalog.Default, TimeProvider.System);
        var plan = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request, runId });
        var executor = new Executor(Lambda, Store, Requests.Settings(), TimeProvider.System);
        var cells = new List<CellSummary>();
        foreach (var cell in plan.Cells)
        {
            cells.Add(await HandlerCall.InvokeAsync<CellSummary>(executor.Handle, new { runId, bucket = plan.Bucket, cell }));
        }

        return (plan, cells);
    }

    public void Dispose()
    {
        Alerts.Dispose();
        Directory.Delete(_keyDirectory, recursive: true);
    }
}
