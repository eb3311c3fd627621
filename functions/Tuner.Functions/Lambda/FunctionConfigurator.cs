using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Functions.Errors;

namespace Tuner.Functions.Lambda;

/// <summary>
/// Changes a function's <c>$LATEST</c> the way Lambda requires: one update at a time, each followed by a wait until
/// <c>LastUpdateStatus</c> is <c>Successful</c> (an update while one is in progress is a ResourceConflictException),
/// then PublishVersion. Putting the baseline back is <see cref="TargetRestorer"/>'s.
/// </summary>
internal sealed class FunctionConfigurator
{
    private static readonly TimeSpan FastPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan FastPollFor = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan UpdateTimeout = TimeSpan.FromMinutes(5);
    private const int ConflictAttempts = 6;

    private readonly ILambdaApi _lambda;
    private readonly TimeProvider _time;

    public FunctionConfigurator(ILambdaApi lambda, TimeProvider time)
    {
        _lambda = lambda;
        _time = time;
    }

    /// <summary>Waits until no update is in progress; returns the settled configuration.</summary>
    public async Task<FunctionConfiguration> WaitUntilSettledAsync(string function, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var delay = FastPoll;
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

            // Updates usually settle within a second: poll often at first, then back off.
            await Task.Delay(delay, _time, cancellationToken);
            if (_time.GetElapsedTime(started) > FastPollFor)
            {
                delay = TimeSpan.FromTicks(Math.Min(MaxPoll.Ticks, delay.Ticks * 2));
            }
        }
    }

    /// <summary>Sets memory/timeout/environment on <c>$LATEST</c> and waits for the update to finish.</summary>
    public async Task<FunctionConfiguration> ApplyAsync(string function, FunctionConfigurationUpdate update, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _lambda.UpdateFunctionConfigurationAsync(function, update, cancellationToken);
                return await WaitUntilSettledAsync(function, cancellationToken);
            }
            catch (LambdaApiException e) when (e.IsTransient && attempt < ConflictAttempts)
            {
                // Someone else's update (or a throttle): let it settle, then try again.
                await WaitUntilSettledAsync(function, cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), _time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Publishes <c>$LATEST</c> as a version with <paramref name="description"/>, only while it is still at
    /// <paramref name="revisionId"/> with code <paramref name="codeSha256"/> (when given); returns the version.
    /// </summary>
    public async Task<FunctionConfiguration> PublishAsync(string function, string description, string? revisionId, string? codeSha256, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _lambda.PublishVersionAsync(function, description, revisionId, codeSha256, cancellationToken);
            }
            catch (LambdaApiException e) when (e.IsTransient && attempt < ConflictAttempts)
            {
                await WaitUntilSettledAsync(function, cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), _time, cancellationToken);
            }
        }
    }

    /// <summary>True when memory, timeout and environment equal the baseline's.</summary>
    public static bool Matches(FunctionConfiguration current, BaselineConfiguration baseline) =>
        current.MemorySizeMb == baseline.MemoryMb
        && current.TimeoutSeconds == baseline.TimeoutSeconds
        && SameEnvironment(current.Environment, baseline.Environment);

    private static bool SameEnvironment(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
