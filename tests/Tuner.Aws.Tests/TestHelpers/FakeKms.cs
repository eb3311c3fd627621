using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.Runtime;

namespace Tuner.Aws.Tests.TestHelpers;

/// <summary>
/// A fake KMS over HTTP for the real SDK client, holding P-256 keys by ARN: answers <c>TrentService.Sign</c> (DIGEST,
/// ECDSA_SHA_256) with a DER signature by the key the request names and <c>TrentService.GetPublicKey</c> with that key's
/// SubjectPublicKeyInfo and ARN. A key is named by its ARN, its bare id, or an alias given to <see cref="AddKey"/>
/// (<c>alias/tuner-reports</c> names <see cref="KeyArn"/>); any other name answers NotFoundException, as KMS does.
/// </summary>
public sealed class FakeKms : IDisposable
{
    public const string KeyArn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    private readonly Dictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public FakeKms()
    {
        Handler.Fallback = Answer;
        AddKey(KeyArn, "alias/tuner-reports");
    }

    public FakeHttpHandler Handler { get; } = new();

    public List<string> Targets { get; } = [];

    /// <summary>Adds a key (another principal's, whose public key is readable) under its ARN, bare id and aliases.</summary>
    public FakeKms AddKey(string keyArn, params string[] aliases)
    {
        _keys[keyArn] = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _names[keyArn] = keyArn;
        _names[keyArn[(keyArn.LastIndexOf('/') + 1)..]] = keyArn;
        foreach (var alias in aliases)
        {
            _names[alias] = keyArn;
        }

        return this;
    }

    public IAmazonKeyManagementService CreateClient() => new AmazonKeyManagementServiceClient(
        new BasicAWSCredentials("AKIDTEST", "secret"),
        new AmazonKeyManagementServiceConfig
        {
            ServiceURL = "https://kms.us-east-1.amazonaws.com",
            AuthenticationRegion = "us-east-1",
            HttpClientFactory = new StubHttpClientFactory(Handler),
            MaxErrorRetry = 0,
        });

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    private HttpResponseMessage Answer(RecordedRequest request)
    {
        var target = request.Header("X-Amz-Target") ?? string.Empty;
        Targets.Add(target);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        if (!_names.TryGetValue(root.GetProperty("KeyId").GetString() ?? string.Empty, out var arn))
        {
            return Json(HttpStatusCode.BadRequest, """{"__type":"NotFoundException","message":"Key does not exist"}""");
        }

        var key = _keys[arn];
        switch (target)
        {
            case "TrentService.Sign":
                if (root.GetProperty("MessageType").GetString() != "DIGEST" || root.GetProperty("SigningAlgorithm").GetString() != "ECDSA_SHA_256")
                {
                    return Json(HttpStatusCode.BadRequest, """{"__type":"ValidationException","message":"expected DIGEST / ECDSA_SHA_256"}""");
                }

                var digest = Convert.FromBase64String(root.GetProperty("Message").GetString()!);
                var signature = key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
                return Json(HttpStatusCode.OK, JsonSerializer.Serialize(new { KeyId = arn, Signature = Convert.ToBase64String(signature), SigningAlgorithm = "ECDSA_SHA_256" }));
            case "TrentService.GetPublicKey":
                return Json(HttpStatusCode.OK, JsonSerializer.Serialize(new
                {
                    KeyId = arn,
                    PublicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
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
