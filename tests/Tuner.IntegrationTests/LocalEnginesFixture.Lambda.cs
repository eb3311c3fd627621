using Tuner.IntegrationTests.LocalLambda;
using Tuner.LocalLambda;
using Tuner.LocalLambda.Faults;

namespace Tuner.IntegrationTests;

/// <summary>The local Lambda service getter of the shared fixture, and fault injection into any local Lambda service.</summary>
public sealed partial class LocalEnginesFixture
{
    private LocalLambdaService? _lambda;

    /// <summary>
    /// The local Lambda service on 127.0.0.1 with cgroup limits when the machine allows them, no functions
    /// registered: tests register their own, with unique names. Stopped (every environment and cgroup removed) with the fixture.
    /// </summary>
    public Task<LocalLambdaService> GetLocalLambdaAsync() =>
        StartOnceAsync(() => _lambda, () => LocalLambdaService.StartAsync(new LocalLambdaOptions(), CancellationToken.None), service => _lambda = service);

    /// <summary>
    /// Injects fault rules into the local Lambda service at <paramref name="endpoint"/> (this fixture's, or the workflow
    /// stack's <c>Cloud.Lambda.Endpoint</c>) over its <c>/_tuner/faults</c> endpoint; disposing the result clears them.
    /// Name a function in each rule: Tuner's own functions run in the same service.
    /// </summary>
    public static Task<InjectedFaults> InjectLambdaFaultsAsync(Uri endpoint, params LambdaFaultRule[] rules) => InjectedFaults.InjectAsync(endpoint, LambdaFaultRulesJson.ToJson(rules), "Lambda");
}
