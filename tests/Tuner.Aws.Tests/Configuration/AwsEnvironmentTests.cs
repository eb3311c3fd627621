using System.Collections;
using Amazon.Runtime;
using Tuner.Aws.Configuration;

namespace Tuner.Aws.Tests.Configuration;

public sealed class AwsEnvironmentTests
{
    [Fact]
    public void Read_ServiceSpecificEndpoint_WinsOverGeneralEndpoint()
    {
        var environment = AwsEnvironment.Read(new Hashtable
        {
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9000",
            ["AWS_ENDPOINT_URL_LAMBDA"] = "http://127.0.0.1:9001",
            ["AWS_ENDPOINT_URL_SFN"] = "http://127.0.0.1:9002",
        });

        Assert.Equal("eu-west-1", environment.Region);
        Assert.Equal(new Uri("http://127.0.0.1:9001"), environment.EndpointFor(AwsEnvironment.Lambda));
        Assert.Equal(new Uri("http://127.0.0.1:9002"), environment.EndpointFor(AwsEnvironment.StepFunctions));
        Assert.Equal(new Uri("http://127.0.0.1:9000"), environment.EndpointFor(AwsEnvironment.S3));
    }

    [Fact]
    public void Read_OnlyDefaultRegion_UsesIt()
    {
        var environment = AwsEnvironment.Read(new Hashtable { ["AWS_DEFAULT_REGION"] = "ap-southeast-2" });

        Assert.Equal("ap-southeast-2", environment.Region);
        Assert.Null(environment.EndpointFor(AwsEnvironment.Lambda));
    }

    [Fact]
    public void Read_InvalidEndpoint_ThrowsNamingVariable()
    {
        var error = Assert.Throws<AwsConfigurationException>(() => AwsEnvironment.Read(new Hashtable { ["AWS_ENDPOINT_URL_S3"] = "not a url" }));

        Assert.Contains("AWS_ENDPOINT_URL_S3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RegionAndOverrides_ClientsUseOverrides()
    {
        var environment = new AwsEnvironment("us-west-2", null, new Dictionary<string, Uri>
        {
            [AwsEnvironment.Lambda] = new("http://127.0.0.1:7001"),
            [AwsEnvironment.CloudFormation] = new("http://127.0.0.1:7003"),
        }, null);

        using var factory = new AwsClientFactory(environment, new BasicAWSCredentials("a", "b"));

        Assert.Equal("us-west-2", factory.Region);
        Assert.Equal(new Uri("http://127.0.0.1:7001"), factory.CreateLambda().Endpoint);
        Assert.Equal(new Uri("https://states.us-west-2.amazonaws.com"), factory.CreateStepFunctions().Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:7003"), factory.CreateCloudFormation().Endpoint);
    }

    [Fact]
    public void Constructor_UnknownProfile_ThrowsClearError()
    {
        var environment = new AwsEnvironment("us-east-1", "tuner-test-profile-that-does-not-exist", new Dictionary<string, Uri>(), null);

        var error = Assert.Throws<AwsConfigurationException>(() => new AwsClientFactory(environment));

        Assert.Contains("tuner-test-profile-that-does-not-exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoRegionAnywhere_ThrowsSayingWhatToSet()
    {
        var environment = new AwsEnvironment(null, "tuner-test-profile-that-does-not-exist", new Dictionary<string, Uri>(), null);

        var error = Assert.Throws<AwsConfigurationException>(() => new AwsClientFactory(environment, new BasicAWSCredentials("a", "b")));

        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }
}
