using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.Runtime;

namespace Tuner.Aws.Tests.TestHelpers;

/// <summary>
/// A fake KMS over HTTP for the real SDK client: answers <c>TrentService.Sign</c> (DIGEST, ECDSA_SHA_256) with a DER
/// signature from its own P-256 key and <c>TrentService.GetPublicKey</c> with that key's SubjectPublicKeyInfo.
/// </summary>
public sealed class FakeKms : IDisposable
{
    public const string KeyArn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public FakeKms()
    {
        Handler.Fallback = Answer;
    }

    public FakeHttpHandler Handler { get; } = new();

    public List<string> Targets { get; } = [];

    public IAmazonKeyManagementService CreateClient() => new AmazonKeyManagementServiceClient(
        new BasicAWSCredentials("AKIDTEST", "secret"),
        new AmazonKeyManagementServiceConfig
        {
            ServiceURL = "https://kms.us-east-1.amazonaws.com",
            AuthenticationRegion = "us-east-1",
            HttpClientFactory = new StubHttpClientFactory(Handler),
            MaxErrorRetry = 0,
        });

    public void Dispose() => _key.Dispose();

    private HttpResponseMessage Answer(RecordedRequest request)
    {
        var target = request.Header("X-Amz-Target") ?? string.Empty;
        Targets.Add(target);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        switch (target)
        {
            case "TrentService.Sign":
                if (root.GetProperty("MessageType").GetString() != "DIGEST" || root.GetProperty("SigningAlgorithm").GetString() != "ECDSA_SHA_256")
                {
                    return Json(HttpStatusCode.BadRequest, """{"__type":"ValidationException","message":"expected DIGEST / ECDSA_SHA_256"}""");
                }

                var digest = Convert.FromBase64String(root.GetProperty("Message").GetString()!);
                var signature = _key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
                return Json(HttpStatusCode.OK, JsonSerializer.Serialize(new { KeyId = KeyArn, Signature = Convert.ToBase64String(signature), SigningAlgorithm = "ECDSA_SHA_256" }));
            case "TrentService.GetPublicKey":
                return Json(HttpStatusCode.OK, JsonSerializer.Serialize(new
                {
                    KeyId = KeyArn,
                    PublicKey = Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo()),
                    KeySpec = "ECC_NIST_P256",
                    KeyUsage = "SIGN_VERIFY",
                    SigningAlgorithms = new[] { "ECDSA_SHA_256" },
                }));
            default:
                return Json(HttpStatusCode.BadRequest, """{"__type":"UnknownOperationException"}""");
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body)
    {
        var response = FakeHttpHandler.Response(status, body);
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        return response;
    }

    private sealed class StubHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
    }
}
