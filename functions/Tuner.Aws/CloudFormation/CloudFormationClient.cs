using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Tuner.Aws.Http;

namespace Tuner.Aws.CloudFormation;

/// <summary>
/// DescribeStacks over CloudFormation's Query protocol (form-encoded <c>POST /</c>, XML answers), signed with SigV4.
/// Endpoint: <c>AWS_ENDPOINT_URL_CLOUDFORMATION</c> (passed in) or <c>https://cloudformation.{region}.amazonaws.com</c>.
/// </summary>
public sealed class CloudFormationClient : AwsHttpClient, ICloudFormationApi
{
    private const string ApiVersion = "2010-05-15";
    private static readonly MediaTypeHeaderValue Form = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
    private readonly string _region;

    public CloudFormationClient(AwsClientSettings settings, Uri? endpoint = null)
        : base(settings, "cloudformation", endpoint ?? DefaultEndpoint(settings?.Region ?? throw new ArgumentNullException(nameof(settings))))
    {
        _region = settings.Region;
    }

    protected override string ServiceName => "CloudFormation";

    /// <summary><c>https://cloudformation.{region}.amazonaws.com</c>.</summary>
    public static Uri DefaultEndpoint(string region) => new($"https://cloudformation.{region}.amazonaws.com");

    public async Task<StackDescription> DescribeStackAsync(string stackName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stackName);
        var body = Encoding.UTF8.GetBytes($"Action=DescribeStacks&Version={ApiVersion}&StackName={Uri.EscapeDataString(stackName)}");
        var uri = At("/");
        AwsResponse response;
        try
        {
            response = await SendAsync(
                "DescribeStacks",
                () =>
                {
                    var content = new ByteArrayContent(body);
                    content.Headers.ContentType = Form;
                    return new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ValidationError" && e.Message.Contains("does not exist", StringComparison.OrdinalIgnoreCase))
        {
            throw new StackNotFoundException(stackName, _region);
        }

        var document = XDocument.Parse(Encoding.UTF8.GetString(response.Body));
        var stack = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Stacks")?.Elements().FirstOrDefault()
            ?? throw new StackNotFoundException(stackName, _region);

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var outputsElement = stack.Elements().FirstOrDefault(e => e.Name.LocalName == "Outputs");
        foreach (var member in outputsElement?.Elements() ?? [])
        {
            var key = Child(member, "OutputKey");
            if (key is not null)
            {
                outputs[key] = Child(member, "OutputValue") ?? string.Empty;
            }
        }

        return new StackDescription(
            Child(stack, "StackName") ?? stackName,
            Child(stack, "StackId") ?? string.Empty,
            Child(stack, "StackStatus") ?? "UNKNOWN",
            outputs);
    }

    private static string? Child(XElement element, string name) => element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
