using Tuner.LocalLambda;

namespace Tuner.IntegrationTests;

/// <summary>The local Lambda service getter of the shared fixture.</summary>
public sealed partial class LocalEnginesFixture
{
    private LocalLambdaService? _lambda;

    /// <summary>
    /// The local Lambda service on 127.0.0.1 with cgroup limits when the machine allows them, no functions
    /// registered: tests register their own, with unique names. Stopped (every environment and cgroup removed) with the fixture.
    /// </summary>
    public Task<LocalLambdaService> GetLocalLambdaAsync() =>
        StartOnceAsync(() => _lambda, () => LocalLambdaService.StartAsync(new LocalLambdaOptions(), CancellationToken.None), service => _lambda = service);
}
