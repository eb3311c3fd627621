using Tuner.Aws.CloudFormation;

namespace Tuner.Cli.Deployed;

/// <summary>What the CLI needs from a deployed Tuner stack's outputs (see infra/Tuner.Infra/TunerStack.cs).</summary>
/// <param name="StackName">The CloudFormation stack.</param>
/// <param name="StateMachineArn">Output <c>StateMachineArn</c>.</param>
/// <param name="BucketName">Output <c>BucketName</c>.</param>
/// <param name="SigningKeyId">Output <c>SigningKeyId</c>.</param>
/// <param name="CleanupSigningKeyId">Output <c>CleanupSigningKeyId</c>, the key the Cleaner signs cleanup.json with (null: a
/// stack deployed before the Cleaner signed its record).</param>
public sealed record TunerDeployment(string StackName, string StateMachineArn, string BucketName, string SigningKeyId, string? CleanupSigningKeyId = null)
{
    /// <summary>The stack name used when <c>--stack</c> is not given (cdk.json <c>tuner:stackName</c>).</summary>
    public const string DefaultName = "Tuner";

    /// <summary>Reads the stack's outputs with DescribeStacks.</summary>
    /// <exception cref="StackNotFoundException">No such stack in the region.</exception>
    /// <exception cref="DeployedException">The stack is not usable (still creating, failed, or not a Tuner stack).</exception>
    public static async Task<TunerDeployment> ReadAsync(ICloudFormationApi cloudFormation, string stackName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudFormation);
        var stack = await cloudFormation.DescribeStackAsync(stackName, cancellationToken).ConfigureAwait(false);
        if (!IsUsable(stack.Status))
        {
            throw new DeployedException($"Stack '{stack.StackName}' is {stack.Status}: wait for the deployment to finish (or fix it) and try again.");
        }

        string Output(string key) => stack.Outputs.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new DeployedException($"Stack '{stack.StackName}' has no output '{key}': is it a Tuner stack? Deploy infra/Tuner.Infra (bash infra/synth.sh deploy) or pass --stack.");

        return new TunerDeployment(
            stack.StackName,
            Output("StateMachineArn"),
            Output("BucketName"),
            Output("SigningKeyId"),
            stack.Outputs.TryGetValue("CleanupSigningKeyId", out var cleanupKey) && !string.IsNullOrWhiteSpace(cleanupKey) ? cleanupKey : null);
    }

    /// <summary>Whether a stack in <paramref name="status"/> has working resources and outputs.</summary>
    public static bool IsUsable(string status) => status switch
    {
        "ROLLBACK_COMPLETE" or "REVIEW_IN_PROGRESS" or "CREATE_IN_PROGRESS" => false,
        _ when status.StartsWith("DELETE_", StringComparison.Ordinal) || status.EndsWith("_FAILED", StringComparison.Ordinal) => false,
        _ when status.StartsWith("ROLLBACK_", StringComparison.Ordinal) => false,
        _ => true,
    };
}
