namespace Tuner.Contracts;

/// <summary>
/// How fast Tuner's functions may call Lambda's control plane (every Lambda API call but Invoke), one home for the
/// stack's setting (cdk.json <c>tuner:controlPlaneRequestsPerSecond</c>), the functions' variable
/// (<see cref="TunerEnvironment.ControlPlaneRequestsPerSecond"/>) and the pace that enforces it. The account's quota
/// "Control plane API request rate (excludes invocation, GetFunction, and GetPolicy requests)" is 15 requests per second
/// (AWS Lambda Developer Guide, "Lambda quotas", https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html,
/// read 2026-12-01), shared with the functions' owners and every other tool in the account.
/// </summary>
public static class ControlPlaneQuota
{
    /// <summary>The account's shared control-plane quota, requests per second.</summary>
    public const int AccountRequestsPerSecond = 15;

    /// <summary>The most a setting may allow one Tuner process: 12 of the 15 leaves the owner's deploys at least 3.</summary>
    public const int MaxRequestsPerSecond = 12;

    /// <summary>The default: a Planner or a Cleaner at full speed leaves the owner 7 (they never call at once in one run).</summary>
    public const int DefaultRequestsPerSecond = 8;
}
