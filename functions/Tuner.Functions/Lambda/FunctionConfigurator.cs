using Polly;
using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Core.Resilience;
using Tuner.Functions.Errors;

namespace Tuner.Functions.Lambda;

/// <summary>
/// Changes a function's <c>$LATEST</c> the way Lambda requires: one update at a time, each followed by a wait until
/// <c>LastUpdateStatus</c> is <c>Successful</c> (an update while one is in progress is a ResourceConflictException),
/// then PublishVersion. Putting the baseline back is <see cref="TargetRestorer"/>'s.
/// </summary>
internal sealed class FunctionConfigurator
{
    /// <summary>
    /// The first settle poll: GetFunctionConfiguration shares the account's 15 requests/s with the owner's deployments
    /// (Lambda quotas page, read 2026-12-01), so a settle wait makes at most 2 calls in any second, then backs off.
    /// </summary>
    public static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two settle polls.</summary>
    public static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(4);

    private static readonly TimeSpan UpdateTimeout = TimeSpan.FromMinutes(5);

    private readonly ILambdaApi _lambda;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _conflictRetry;

    public FunctionConfigurator(ILambdaApi lambda, TimeProvider time)
    {
        _lambda = lambda;
        _time = time;

        // Throttling and 5xx are retried once, by the HTTP client; this layer retries only another update in progress.
        _conflictRetry = RetryPipelines.UpdateConflict(
            new RetryBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), new Random()),
            time,
            e => e is LambdaApiException { IsUpdateConflict: true });
    }

    /// <summary>Waits until no update is in progress; returns the settled configuration.</summary>
    public async Task<FunctionConfiguration> WaitUntilSettledAsync(string function, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var delay = FirstPoll;
        while (true)
        {
            var configuration = await _lambda.GetFunctionConfigurationAsync(function, null, cancellationToken);
            var updating = configuration.LastUpdateStatus == "InProgress" || configuration.State == "Pending";
            if (!updating)
            {
                if (configuration.LastUpdateStatus == "Failed")
                {
                    throw new InvalidOperationException($"the last configuration update of {function} failed (LastUpdateStatus Failed)");
                }

                return configuration;
            }

            if (_time.GetElapsedTime(started) > UpdateTimeout)
            {
                throw new TransientDependencyException($"{function} was still updating after {UpdateTimeout.TotalMinutes:0} minutes");
            }

            await Task.Delay(delay, _time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(MaxPoll.Ticks, delay.Ticks * 2));
        }
    }

    /// <summary>Sets memory/timeout/environment on <c>$LATEST</c> and waits for the update to finish.</summary>
    public Task<FunctionConfiguration> ApplyAsync(string function, FunctionConfigurationUpdate update, CancellationToken cancellationToken) =>
        AfterConflictsAsync(function, async token =>
        {
            await _lambda.UpdateFunctionConfigurationAsync(function, update, token);
            return await WaitUntilSettledAsync(function, token);
        }, cancellationToken);

    /// <summary>
    /// Publishes <c>$LATEST</c> as a version with <paramref name="description"/>, only while it is still at
    /// <paramref name="revisionId"/> with code <paramref name="codeSha256"/> (when given); returns the version.
    /// </summary>
    public Task<FunctionConfiguration> PublishAsync(string function, string description, string? revisionId, string? codeSha256, CancellationToken cancellationToken) =>
        AfterConflictsAsync(function, token => _lambda.PublishVersionAsync(function, description, revisionId, codeSha256, token), cancellationToken);

    /// <summary>Runs a change; when another update is in progress (someone else's), lets it settle and tries again.</summary>
    private async Task<FunctionConfiguration> AfterConflictsAsync(
        string function, Func<CancellationToken, Task<FunctionConfiguration>> change, CancellationToken cancellationToken)
    {
        var attempt = 0;
        return await _conflictRetry.ExecuteAsync(
            async token =>
            {
                if (attempt++ > 0)
                {
                    await WaitUntilSettledAsync(function, token);
                }

                return await change(token);
            },
            cancellationToken);
    }

    /// <summary>True when memory, timeout and environment equal the baseline's.</summary>
    public static bool Matches(FunctionConfiguration current, BaselineConfiguration baseline) =>
        current.MemorySizeMb == baseline.MemoryMb
        && current.TimeoutSeconds == baseline.TimeoutSeconds
        && SameEnvironment(current.Environment, baseline.Environment);

    private static bool SameEnvironment(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
