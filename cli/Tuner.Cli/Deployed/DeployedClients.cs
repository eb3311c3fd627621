using Tuner.Aws.CloudFormation;
using Tuner.Aws.Configuration;
using Tuner.Aws.StepFunctions;
using Tuner.Core.Ports;

namespace Tuner.Cli.Deployed;

/// <summary>The AWS APIs <c>tuner start</c>, <c>watch</c> and <c>fetch</c> use against a deployed Tuner stack.
/// Built from the standard credential chain by <see cref="ConnectAsync"/>, or from fakes in tests.</summary>
/// <param name="CloudFormation">Reads the stack's outputs.</param>
/// <param name="StepFunctions">Starts and follows executions.</param>
/// <param name="ObjectStore">The object store of a bucket (S3).</param>
/// <param name="Verifier">A verifier of report signatures that accepts only the given KMS key (the stack's).</param>
/// <param name="Region">The region in use, for messages and console links.</param>
public sealed record DeployedClients(
    ICloudFormationApi CloudFormation,
    IStepFunctionsApi StepFunctions,
    Func<string, IObjectStore> ObjectStore,
    Func<string, IReportVerifier> Verifier,
    string Region)
{
    /// <summary>Resolves region and credentials (profiles, SSO, environment) once and builds the SigV4 clients;
    /// fails with <see cref="AwsConfigurationException"/> when either is missing.</summary>
    public static async Task<DeployedClients> ConnectAsync(CancellationToken cancellationToken)
    {
        // One factory per CLI process: it owns the HttpClient, which lives as long as the process.
        var factory = AwsClientFactory.FromEnvironment();
        await factory.ValidateCredentialsAsync(cancellationToken).ConfigureAwait(false);
        return new DeployedClients(
            factory.CreateCloudFormation(),
            factory.CreateStepFunctions(),
            factory.CreateObjectStore,
            factory.CreateKmsVerifier,
            factory.Region);
    }
}
