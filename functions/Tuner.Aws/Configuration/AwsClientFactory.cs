using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Tuner.Aws.CloudFormation;
using Tuner.Aws.Http;
using Tuner.Aws.Lambda;
using Tuner.Aws.S3;
using Tuner.Aws.Signing;
using Tuner.Aws.StepFunctions;
using Tuner.Contracts;
using Tuner.Core.Resilience;

namespace Tuner.Aws.Configuration;

/// <summary>
/// The composition root's one place for AWS clients: resolves region and credentials (the SDK's standard chain:
/// environment, profile, SSO, web identity, container and instance roles) once, applies endpoint overrides, and builds
/// Tuner's signed clients and the SDK's S3/KMS clients from them. Missing region or credentials fail with
/// <see cref="AwsConfigurationException"/> saying what to set.
/// </summary>
public sealed class AwsClientFactory : IDisposable
{
    private readonly AwsEnvironment _environment;
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;

    public AwsClientFactory(AwsEnvironment environment, AWSCredentials? credentials = null, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
        Region = ResolveRegion(environment);
        Credentials = credentials ?? ResolveCredentials(environment.Profile);
        _ownsHttpClient = httpClient is null;
        _httpClient = httpClient ?? new HttpClient { Timeout = TimeSpan.FromMinutes(16) };
        Settings = new AwsClientSettings(Region, new SdkCredentialsProvider(Credentials), _httpClient)
        {
            TimeProvider = timeProvider ?? TimeProvider.System,
        };
    }

    /// <summary>The region every client uses.</summary>
    public string Region { get; }

    /// <summary>The SDK credentials (refreshing on their own when temporary).</summary>
    public AWSCredentials Credentials { get; }

    /// <summary>The settings of Tuner's own signed clients.</summary>
    public AwsClientSettings Settings { get; }

    /// <summary>A factory from the process environment (read here, once).</summary>
    public static AwsClientFactory FromEnvironment(TimeProvider? timeProvider = null) => new(AwsEnvironment.Read(), timeProvider: timeProvider);

    /// <summary>A Lambda client; with <paramref name="pace"/>, every control-plane call (all but Invoke) waits for its turn in it.</summary>
    public LambdaApiClient CreateLambda(ControlPlanePace? pace = null) =>
        new(pace is null ? Settings : Settings with { ControlPlane = pace }, _environment.EndpointFor(AwsEnvironment.Lambda));

    public StepFunctionsClient CreateStepFunctions() => new(Settings, _environment.EndpointFor(AwsEnvironment.StepFunctions));

    public CloudFormationClient CreateCloudFormation() => new(Settings, _environment.EndpointFor(AwsEnvironment.CloudFormation));

    /// <summary>An S3 client; path-style addressing when an endpoint override (s3rver) is set.</summary>
    public IAmazonS3 CreateS3Client()
    {
        var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(Region) };
        if (_environment.EndpointFor(AwsEnvironment.S3) is { } endpoint)
        {
            config.ServiceURL = endpoint.AbsoluteUri;
            config.AuthenticationRegion = Region;
            config.ForcePathStyle = true;
        }

        return new AmazonS3Client(Credentials, config);
    }

    public S3ObjectStore CreateObjectStore(string bucket) => new(CreateS3Client(), bucket);

    /// <summary>A store that encrypts objects under <see cref="BucketKeys.SecretsPrefix"/> with SSE-KMS and <paramref name="secretsKmsKeyId"/> (null: bucket default).</summary>
    public S3ObjectStore CreateObjectStore(string bucket, string? secretsKmsKeyId) => new(CreateS3Client(), bucket, secretsKmsKeyId: secretsKmsKeyId);

    public IAmazonKeyManagementService CreateKmsClient()
    {
        var config = new AmazonKeyManagementServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(Region) };
        if (_environment.EndpointFor(AwsEnvironment.Kms) is { } endpoint)
        {
            config.ServiceURL = endpoint.AbsoluteUri;
            config.AuthenticationRegion = Region;
        }

        return new AmazonKeyManagementServiceClient(Credentials, config);
    }

    public KmsReportSigner CreateKmsSigner(string keyId) => new(CreateKmsClient(), keyId, Settings.TimeProvider);

    public KmsReportVerifier CreateKmsVerifier(string expectedKeyId) => new(CreateKmsClient(), expectedKeyId);

    /// <summary>Resolves credentials now, so a missing configuration fails before any work starts.</summary>
    public async Task ValidateCredentialsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await Settings.Credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            throw SdkCredentialsProvider.NoCredentials(e);
        }
    }

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private static string ResolveRegion(AwsEnvironment environment)
    {
        if (!string.IsNullOrEmpty(environment.Region))
        {
            return environment.Region;
        }

        var profileName = environment.Profile ?? "default";
        if (new CredentialProfileStoreChain().TryGetProfile(profileName, out var profile) && profile.Region is { } region)
        {
            return region.SystemName;
        }

        throw new AwsConfigurationException(
            $"No AWS region: set AWS_REGION (e.g. `export AWS_REGION=us-east-1`) or a region in the '{profileName}' profile of ~/.aws/config");
    }

    private static AWSCredentials ResolveCredentials(string? profileName)
    {
        try
        {
            if (!string.IsNullOrEmpty(profileName))
            {
                return new CredentialProfileStoreChain().TryGetAWSCredentials(profileName, out var profileCredentials)
                    ? profileCredentials
                    : throw new AwsConfigurationException($"AWS profile '{profileName}' (AWS_PROFILE) was not found in ~/.aws/config or ~/.aws/credentials");
            }

            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException e)
        {
            throw SdkCredentialsProvider.NoCredentials(e);
        }
    }
}
