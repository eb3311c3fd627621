using System.Collections;

namespace Tuner.Aws.Configuration;

/// <summary>
/// The AWS settings of the process, read once: region (<c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>), profile
/// (<c>AWS_PROFILE</c>) and endpoint overrides (<c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, which wins over
/// <c>AWS_ENDPOINT_URL</c>). Local mode points the overrides at the local engines.
/// </summary>
public sealed record AwsEnvironment(string? Region, string? Profile, IReadOnlyDictionary<string, Uri> EndpointOverrides, Uri? DefaultEndpointOverride)
{
    /// <summary>Service ids as used in <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>.</summary>
    public const string Lambda = "LAMBDA";
    public const string StepFunctions = "SFN";
    public const string S3 = "S3";
    public const string Kms = "KMS";
    public const string CloudFormation = "CLOUDFORMATION";
    public const string DynamoDb = "DYNAMODB";

    /// <summary>Reads the process environment (or <paramref name="variables"/>, for tests).</summary>
    public static AwsEnvironment Read(IDictionary? variables = null)
    {
        variables ??= System.Environment.GetEnvironmentVariables();
        string? Get(string name) => variables[name] is string value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var overrides = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in new[] { Lambda, StepFunctions, S3, Kms, CloudFormation, DynamoDb })
        {
            if (Get("AWS_ENDPOINT_URL_" + service) is { } url)
            {
                overrides[service] = ParseUrl("AWS_ENDPOINT_URL_" + service, url);
            }
        }

        var general = Get("AWS_ENDPOINT_URL") is { } all ? ParseUrl("AWS_ENDPOINT_URL", all) : null;
        return new AwsEnvironment(Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION"), Get("AWS_PROFILE"), overrides, general);
    }

    /// <summary>The endpoint override for a service id (<see cref="Lambda"/>, <see cref="StepFunctions"/>…), or null for the AWS default.</summary>
    public Uri? EndpointFor(string serviceId) => EndpointOverrides.TryGetValue(serviceId, out var uri) ? uri : DefaultEndpointOverride;

    private static Uri ParseUrl(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new AwsConfigurationException($"{name}={value} is not an http(s) URL");
}
