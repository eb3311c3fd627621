using Tuner.Core.Resilience;

namespace Tuner.Aws.Http;

/// <summary>
/// What every signed client needs: region, credentials, the shared <see cref="HttpClient"/>, clock, retry policy and the
/// seed of the jitter. Built once in a composition root (see <c>AwsClientFactory</c>).
/// </summary>
public sealed record AwsClientSettings(string Region, IAwsCredentialsProvider Credentials, HttpClient HttpClient)
{
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public RetryOptions Retry { get; init; } = RetryOptions.Default;

    /// <summary>Seed of the backoff jitter (a fixed seed makes retries reproducible in tests).</summary>
    public int RandomSeed { get; init; } = Environment.TickCount;

    /// <summary>
    /// The pace every retried call's attempts wait for (<see cref="ControlPlanePace"/>; Lambda's control plane), or null
    /// for none. Calls sent once (Invoke of a target) are never paced: invocations are not control-plane requests.
    /// </summary>
    public ControlPlanePace? ControlPlane { get; init; }
}
