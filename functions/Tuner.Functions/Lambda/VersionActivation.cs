using Tuner.Core.Ports;
using Tuner.Functions.Errors;

namespace Tuner.Functions.Lambda;

/// <summary>
/// Waits until a published version can be invoked: a SnapStart version is <c>Pending</c> until its snapshot exists
/// (Lambda developer guide, "Improving startup performance with Lambda SnapStart", read 2026-12-01), and invoking it
/// before then fails. A version that ends <c>Failed</c> (or <c>Inactive</c>) fails the run with Lambda's reason.
/// </summary>
internal sealed class VersionActivation(ILambdaApi lambda, TimeProvider time)
{
    /// <summary>
    /// How often a version that is not yet Active is read again: one call per 2 s stays far under the account's 15
    /// control-plane requests per second.
    /// </summary>
    public static readonly TimeSpan ActivePoll = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait for a version to become Active before the run is failed (SnapStart snapshots take minutes).</summary>
    public static readonly TimeSpan ActiveTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Returns once <paramref name="published"/> is no longer <c>Pending</c> and can be invoked.</summary>
    public async Task WaitUntilActiveAsync(FunctionConfiguration published, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var version = published;
        while (version.State == "Pending")
        {
            if (time.GetElapsedTime(started) > ActiveTimeout)
            {
                throw new TransientDependencyException($"version {published.Version} of {published.FunctionName} was still Pending after {ActiveTimeout.TotalMinutes:0} minutes ({version.StateReasonCode ?? "no reason given"})");
            }

            await Task.Delay(ActivePoll, time, cancellationToken);
            version = await lambda.GetFunctionConfigurationAsync(published.FunctionName, published.Version, cancellationToken);
        }

        if (version.State is "Failed" or "Inactive")
        {
            throw new InvalidOperationException($"version {published.Version} of {published.FunctionName} cannot be invoked: its State is {version.State} ({version.StateReasonCode ?? "no reason given"})");
        }
    }
}
