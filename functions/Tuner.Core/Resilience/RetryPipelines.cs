using Polly;
using Polly.Retry;

namespace Tuner.Core.Resilience;

/// <summary>
/// Tuner's retry pipelines, all built here (Polly v8) so each call has exactly one layer of retries:
/// <list type="bullet">
/// <item><see cref="AwsCall"/> — the SigV4 clients' control-plane and data calls (throttling, 5xx, connection failures);</item>
/// <item><see cref="ThrottledInvoke"/> — the Executor's Invoke of a target, retried only when Lambda refused it
/// before running the function (429 TooManyRequestsException); the Executor counts the attempts and records the retries on the sample;</item>
/// <item><see cref="UpdateConflict"/> — the configurator's UpdateFunctionConfiguration/PublishVersion while another
/// update is in progress (ResourceConflictException), after waiting for it to settle.</item>
/// </list>
/// Waits use <see cref="RetryBackoff"/> (full jitter; a server's <c>Retry-After</c> is the least wait) on the given clock.
/// </summary>
public static class RetryPipelines
{
    /// <summary>
    /// Retries while <paramref name="shouldRetry"/> says so, up to <see cref="RetryOptions.MaxAttempts"/> attempts;
    /// <paramref name="retryAfter"/> reads a server's wait hint from the failure; <paramref name="onRetry"/> hears of
    /// each retry (its number, from 1, and the failure) before the wait.
    /// </summary>
    public static ResiliencePipeline Create(
        RetryOptions options,
        RetryBackoff backoff,
        TimeProvider time,
        Func<Exception, bool> shouldRetry,
        Func<Exception, TimeSpan?>? retryAfter = null,
        Action<int, Exception>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backoff);
        ArgumentNullException.ThrowIfNull(shouldRetry);
        if (options.MaxAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && shouldRetry(e)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    backoff.Delay(args.AttemptNumber + 1, args.Outcome.Exception is { } e ? retryAfter?.Invoke(e) : null)),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } e)
                    {
                        onRetry?.Invoke(args.AttemptNumber + 1, e);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>A SigV4 client's pipeline: retries what <paramref name="isRetryable"/> accepts (transient answers, connection failures).</summary>
    public static ResiliencePipeline AwsCall(RetryOptions options, RetryBackoff backoff, TimeProvider time, Func<Exception, bool> isRetryable, Func<Exception, TimeSpan?> retryAfter) =>
        Create(options, backoff, time, isRetryable, retryAfter);

    /// <summary>
    /// The Invoke of a target: 4 attempts, retried only when <paramref name="refusedBeforeRunning"/> (Lambda's throttling,
    /// under which the function does not run).
    /// </summary>
    public static ResiliencePipeline ThrottledInvoke(
        RetryBackoff backoff, TimeProvider time, Func<Exception, bool> refusedBeforeRunning, Func<Exception, TimeSpan?> retryAfter) =>
        Create(new RetryOptions(4, backoff.BaseDelay, backoff.MaxDelay), backoff, time, refusedBeforeRunning, retryAfter);

    /// <summary>An update while another is in progress: 6 attempts, each after <paramref name="isConflict"/>'s failure.</summary>
    public static ResiliencePipeline UpdateConflict(RetryBackoff backoff, TimeProvider time, Func<Exception, bool> isConflict) =>
        Create(new RetryOptions(6, backoff.BaseDelay, backoff.MaxDelay), backoff, time, isConflict);
}
