using System.Text;
using Tuner.Aws.Http;

namespace Tuner.Aws.Tests.Http;

/// <summary>
/// Vectors from AWS's "Signature Version 4 test suite" (region us-east-1, service "service", 2015-08-30T12:36:00Z,
/// key AKIDEXAMPLE). Each case is the suite's request and the Authorization value the suite expects.
/// </summary>
public sealed class SigV4SignerTests
{
    private const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SuiteToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly AwsCredentials SuiteCredentials = new("AKIDEXAMPLE", SuiteSecret);

    public static TheoryData<string, string, string, string[], string?, string> Vectors => new()
    {
        { "get-vanilla", "GET", "/", [], null, "host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "get-vanilla-query-order-key-case", "GET", "/?Param2=value2&Param1=value1", [], null, "host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
        { "get-vanilla-query-order-value", "GET", "/?Param1=value2&Param1=value1", [], null, "host;x-amz-date, Signature=5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694" },
        { "get-vanilla-empty-query-key", "GET", "/?Param1=value1", [], null, "host;x-amz-date, Signature=a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb" },
        { "get-vanilla-utf8-query", "GET", "/?\u1234=bar", [], null, "host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04" },
        { "get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", [], null, "host;x-amz-date, Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f" },
        { "get-header-value-trim", "GET", "/", ["My-Header1: value1", "My-Header2: \"a   b   c\""], null, "host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736" },
        { "post-vanilla", "POST", "/", [], null, "host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
        { "post-header-key-sort", "POST", "/", ["My-Header1:value1"], null, "host;my-header1;x-amz-date, Signature=c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c" },
        { "post-x-www-form-urlencoded", "POST", "/", ["Content-Type:application/x-www-form-urlencoded"], "Param1=value1", "content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a" },
        { "post-x-www-form-urlencoded-parameters", "POST", "/", ["Content-Type:application/x-www-form-urlencoded; charset=utf8"], "Param1=value1", "content-type;host;x-amz-date, Signature=1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task SignAsync_SuiteVector_MatchesExpectedAuthorization(string name, string method, string pathAndQuery, string[] headers, string? body, string expected)
    {
        var request = SuiteRequest(method, pathAndQuery, headers, body);
        var signer = new SigV4Signer("us-east-1", "service");

        var result = await signer.SignAsync(request, SuiteCredentials, SuiteTime);

        Assert.Equal(Authorization(expected), result.Authorization);
        Assert.Equal(Authorization(expected), request.Headers.GetValues("Authorization").Single());
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public async Task SignAsync_GetSpaceWithSingleEncoding_MatchesSuite()
    {
        var request = SuiteRequest("GET", "/example space/", [], null);
        var signer = new SigV4Signer("us-east-1", "service", doubleEncodePath: false);

        var result = await signer.SignAsync(request, SuiteCredentials, SuiteTime);

        Assert.Equal(Authorization("host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"), result.Authorization);
    }

    [Fact]
    public async Task SignAsync_SessionToken_IsSignedAsHeader()
    {
        var request = SuiteRequest("POST", "/", [], null);
        var signer = new SigV4Signer("us-east-1", "service");

        var result = await signer.SignAsync(request, SuiteCredentials with { SessionToken = SuiteToken }, SuiteTime);

        Assert.Equal(Authorization("host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"), result.Authorization);
        Assert.Equal(SuiteToken, request.Headers.GetValues("X-Amz-Security-Token").Single());
    }

    [Fact]
    public async Task SignAsync_QueryOrderValue_CanonicalRequestAndStringToSignMatchSuite()
    {
        var request = SuiteRequest("GET", "/?Param1=value2&Param1=value1", [], null);
        var signer = new SigV4Signer("us-east-1", "service");

        var result = await signer.SignAsync(request, SuiteCredentials, SuiteTime);

        Assert.Equal(
            "GET\n/\nParam1=value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SigV4Signer.EmptyPayloadSha256,
            result.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nc968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606",
            result.StringToSign);
    }

    [Fact]
    public async Task SignAsync_FormBody_PayloadHashMatchesSuiteCanonicalRequest()
    {
        var request = SuiteRequest("POST", "/", ["Content-Type:application/x-www-form-urlencoded"], "Param1=value1");
        var signer = new SigV4Signer("us-east-1", "service");

        var result = await signer.SignAsync(request, SuiteCredentials, SuiteTime);

        Assert.EndsWith("\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e", result.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignAsync_ArnInPath_IsEncodedTwiceForNonS3Services()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/" + Uri.EscapeDataString("arn:aws:lambda:us-east-1:1:function:f") + "/configuration?Qualifier=%24LATEST");
        var signer = new SigV4Signer("us-east-1", "lambda");

        var result = await signer.SignAsync(request, SuiteCredentials, SuiteTime);

        var lines = result.CanonicalRequest.Split('\n');
        Assert.Equal("/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A1%253Afunction%253Af/configuration", lines[1]);
        Assert.Equal("Qualifier=%24LATEST", lines[2]);
        Assert.Equal("lambda.us-east-1.amazonaws.com", request.Headers.Host);
    }

    [Fact]
    public async Task SignAsync_NonDefaultPort_HostHeaderKeepsPort()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:4567/");
        var signer = new SigV4Signer("us-east-1", "lambda");

        var result = await signer.SignAsync(request, SuiteCredentials, SuiteTime);

        Assert.Contains("\nhost:127.0.0.1:4567\n", result.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void SigningKey_DocumentationExample_MatchesKnownKey()
    {
        // The derived-key example of the SigV4 documentation (iam, us-east-1, 2015-08-30).
        var signer = new SigV4Signer("us-east-1", "iam");

        var key = signer.SigningKey(SuiteSecret, "20150830");

        Assert.Equal("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", Convert.ToHexStringLower(key));
    }

    private static string Authorization(string tail) =>
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=" + tail;

    private static HttpRequestMessage SuiteRequest(string method, string pathAndQuery, string[] headers, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri("https://example.amazonaws.com" + pathAndQuery));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        }

        foreach (var header in headers)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var name = header[..colon];
            var value = header[(colon + 1)..];
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}
