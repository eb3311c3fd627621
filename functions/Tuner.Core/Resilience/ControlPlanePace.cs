namespace Tuner.Core.Resilience;

/// <summary>
/// Paces Tuner's calls to Lambda's control plane (every Lambda API call but Invoke: GetFunctionConfiguration,
/// UpdateFunctionConfiguration, PublishVersion, ListVersionsByFunction, DeleteFunction, ListTags, aliases) to at most
/// <see cref="RequestsPerSecond"/>: each request gets the next free slot, <see cref="Interval"/> after the previous one,
/// with no burst, callers served in the order they asked. The account's quota for these calls is 15 requests per
/// second, shared with the function's owner and every other tool in the account (AWS Lambda Developer Guide, "Lambda
/// quotas": "Control plane API request rate (excludes invocation, GetFunction, and GetPolicy requests)", read
/// 2026-12-01). One pace is built per process (the composition root) and shared by all its Lambda clients; each attempt
/// of a retried call takes its own turn. Waits are on the given <see cref="TimeProvider"/>, so a fake clock drives it.
/// </summary>
/// <remarks>
/// Not System.Threading.RateLimiting's <c>TokenBucketRateLimiter</c> (nor Polly's rate-limiter strategy over it): that
/// limiter measures replenishment on the real clock even when replenished by hand, so no injected clock drives it, and
/// the assembly ships in ASP.NET Core's shared framework, not in the one the local Lambda host (or Lambda's managed
/// .NET runtime) loads Tuner's functions with — the Planner failed to start locally with it.
/// </remarks>
public sealed class ControlPlanePace
{
    /// <summary>
    /// Requests per second one of Tuner's processes allows itself by default: a Planner or a Cleaner at full speed
    /// leaves the owner at least 7 of the 15 (the Planner and the Cleaner of one run never call at the same time).
    /// </summary>
    public const int DefaultRequestsPerSecond = Tuner.Contracts.ControlPlaneQuota.DefaultRequestsPerSecond;

    /// <summary>
    /// The most a setting may allow (cdk.json <c>tuner:controlPlaneRequestsPerSecond</c>, <c>TUNER_CONTROL_PLANE_RPS</c>):
    /// 12 of the account's 15 requests per second, so a Tuner process at full speed still leaves the owner's deploys 3.
    /// </summary>
    public const int MaxRequestsPerSecond = Tuner.Contracts.ControlPlaneQuota.MaxRequestsPerSecond;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private long? _nextSlot;

    public ControlPlanePace(int requestsPerSecond, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(requestsPerSecond, MaxRequestsPerSecond);
        _time = time;
        RequestsPerSecond = requestsPerSecond;
        Interval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / requestsPerSecond);
        _intervalTicks = (long)(Interval.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>The most requests started in any second.</summary>
    public int RequestsPerSecond { get; }

    /// <summary>The time between two requests.</summary>
    public TimeSpan Interval { get; }

    /// <summary>
    /// Returns when this request's turn has come: at once when the last one started at least <see cref="Interval"/>
    /// ago, else at its slot. A request cancelled while it waits leaves its slot unused: the pace only errs on the slow side.
    /// </summary>
    public async ValueTask WaitTurnAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var slot = _nextSlot is { } next && next > now ? next : now;
            _nextSlot = slot + _intervalTicks;
            wait = slot > now ? _time.GetElapsedTime(now, slot) : TimeSpan.Zero;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
