using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Tuner.Aws.S3;
using Tuner.Aws.Tests.TestHelpers;
using Tuner.Core.Ports;

namespace Tuner.Aws.Tests.S3;

public sealed class S3ObjectStoreTests : IDisposable
{
    private readonly FakeHttpHandler _http = new();
    private readonly AmazonS3Client _client;

    public S3ObjectStoreTests()
    {
        var config = new AmazonS3Config
        {
            ServiceURL = "http://127.0.0.1:9",
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new FakeHandlerHttpClientFactory(_http),
        };
        _client = new AmazonS3Client(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), config);
        _http.Fallback = _ => FakeHttpHandler.Response(HttpStatusCode.OK, string.Empty, ("ETag", "\"0123456789abcdef0123456789abcdef\""));
    }

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task PutAsync_SampleKey_SendsSampleTagHeader()
    {
        var store = new S3ObjectStore(_client, "tuner-bucket");

        await store.PutAsync("runs/20261121-abc/samples/c1.jsonl", "{\"durationMs\":1}\n"u8.ToArray(), "application/x-ndjson");

        var request = Assert.Single(_http.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/tuner-bucket/runs/20261121-abc/samples/c1.jsonl", request.Uri.AbsolutePath);
        var tagging = request.Header("x-amz-tagging");
        Assert.NotNull(tagging);
        Assert.Equal("tuner:data=sample", Uri.UnescapeDataString(tagging));
        Assert.Contains("x-amz-tagging", request.Header("Authorization") ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runs/20261121-abc/report.json")]
    [InlineData("runs/20261121-abc/report.html")]
    [InlineData("runs/20261121-abc/samples.csv")]
    [InlineData("runs/20261121-abc/plan.json")]
    [InlineData("jobs/orders/latest.json")]
    public async Task PutAsync_NonSampleKey_SendsNoTagHeader(string key)
    {
        var store = new S3ObjectStore(_client, "tuner-bucket");

        await store.PutAsync(key, "{}"u8.ToArray(), "application/json");

        var request = Assert.Single(_http.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Null(request.Header("x-amz-tagging"));
    }

    [Fact]
    public async Task PutAsync_SecretsKeyWithAKmsKey_SendsSseKmsWithThatKeyOnlyUnderSecrets()
    {
        const string keyArn = "arn:aws:kms:us-east-1:123456789012:key/22222222-3333-4444-5555-666666666666";
        var store = new S3ObjectStore(_client, "tuner-bucket", secretsKmsKeyId: keyArn);

        await store.PutAsync("secrets/r1/baselines.json", "{}"u8.ToArray(), "application/json");
        await store.PutIfAsync("runs/r1/plan.json", "{}"u8.ToArray(), "application/json", WriteCondition.IfAbsent);

        Assert.Equal("aws:kms", _http.Requests[0].Header("x-amz-server-side-encryption"));
        Assert.Equal(keyArn, _http.Requests[0].Header("x-amz-server-side-encryption-aws-kms-key-id"));
        Assert.Null(_http.Requests[1].Header("x-amz-server-side-encryption"));
    }

    [Fact]
    public async Task PutIfAsync_IfAbsent_SendsSignedIfNoneMatchStar()
    {
        var store = new S3ObjectStore(_client, "tuner-bucket");

        var result = await store.PutIfAsync("locks/orders", "{}"u8.ToArray(), "application/json", WriteCondition.IfAbsent);

        var request = Assert.Single(_http.Requests);
        Assert.Equal("*", request.Header("If-None-Match"));
        Assert.Null(request.Header("If-Match"));
        Assert.Equal(ConditionalWriteOutcome.Written, result.Outcome);
        Assert.Equal("\"0123456789abcdef0123456789abcdef\"", result.ETag);
    }

    [Fact]
    public async Task PutIfAsync_IfETag_SendsIfMatch()
    {
        var store = new S3ObjectStore(_client, "tuner-bucket");

        await store.PutIfAsync("locks/orders", "{}"u8.ToArray(), "application/json", WriteCondition.IfETag("\"abc\""));

        var request = Assert.Single(_http.Requests);
        Assert.Equal("\"abc\"", request.Header("If-Match"));
        Assert.Null(request.Header("If-None-Match"));
    }

    [Theory]
    [InlineData(HttpStatusCode.PreconditionFailed, "PreconditionFailed", ConditionalWriteOutcome.PreconditionFailed)]
    [InlineData(HttpStatusCode.Conflict, "ConditionalRequestConflict", ConditionalWriteOutcome.Conflict)]
    [InlineData(HttpStatusCode.NotFound, "NoSuchKey", ConditionalWriteOutcome.Missing)]
    public async Task PutIfAsync_ConditionNotHeld_TypedOutcomeNotException(HttpStatusCode status, string code, ConditionalWriteOutcome expected)
    {
        _http.Fallback = _ => FakeHttpHandler.Response(status, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>m</Message></Error>");
        var store = new S3ObjectStore(_client, "tuner-bucket");

        var result = await store.PutIfAsync("locks/orders", "{}"u8.ToArray(), "application/json", WriteCondition.IfETag("\"abc\""));

        Assert.Equal(expected, result.Outcome);
        Assert.False(result.Written);
    }

    [Fact]
    public async Task PutIfAsync_AccessDenied_Throws()
    {
        _http.Fallback = _ => FakeHttpHandler.Response(HttpStatusCode.Forbidden, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>m</Message></Error>");
        var store = new S3ObjectStore(_client, "tuner-bucket");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => store.PutIfAsync("locks/orders", "{}"u8.ToArray(), "application/json", WriteCondition.IfAbsent));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    private static HttpResponseMessage AccessDenied() =>
        FakeHttpHandler.Response(HttpStatusCode.Forbidden, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");

    private static HttpResponseMessage Listing(params string[] keys) => FakeHttpHandler.Response(
        HttpStatusCode.OK,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>tuner-bucket</Name><KeyCount>"
        + keys.Length + "</KeyCount><IsTruncated>false</IsTruncated>"
        + string.Concat(keys.Select(k => $"<Contents><Key>{k}</Key><Size>2</Size></Contents>")) + "</ListBucketResult>");

    [Fact]
    public async Task GetAsync_403ForAKeyTheListingDoesNotHave_IsMissing()
    {
        // A role whose s3:ListBucket grant is conditioned on s3:prefix: GetObject of a missing plan.json may answer 403.
        _http.Respond(_ => AccessDenied()).Respond(_ => Listing());
        var store = new S3ObjectStore(_client, "tuner-bucket");

        var read = await store.GetAsync("runs/r1/plan.json");

        Assert.Null(read);
        var list = _http.Requests[1];
        Assert.Equal(HttpMethod.Get, list.Method);
        Assert.Contains("prefix=runs%2Fr1%2Fplan.json", list.Uri.Query, StringComparison.Ordinal);
        Assert.Contains("list-type=2", list.Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_403ForAKeyThatIsListed_Throws()
    {
        _http.Respond(_ => AccessDenied()).Respond(_ => Listing("runs/r1/plan.json"));
        var store = new S3ObjectStore(_client, "tuner-bucket");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => store.GetAsync("runs/r1/plan.json"));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task GetWithETagAsync_403AndListingDeniedToo_Throws()
    {
        _http.Respond(_ => AccessDenied()).Respond(_ => AccessDenied());
        var store = new S3ObjectStore(_client, "tuner-bucket");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => store.GetWithETagAsync("locks/orders"));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(2, _http.Requests.Count);
    }

    [Fact]
    public async Task DeleteIfMatchAsync_SendsIfMatchAndMapsPreconditionFailed()
    {
        _http.Fallback = _ => FakeHttpHandler.Response(HttpStatusCode.PreconditionFailed, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PreconditionFailed</Code><Message>m</Message></Error>");
        var store = new S3ObjectStore(_client, "tuner-bucket");

        var result = await store.DeleteIfMatchAsync("locks/orders", "\"abc\"");

        var request = Assert.Single(_http.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("\"abc\"", request.Header("If-Match"));
        Assert.Equal(ConditionalWriteOutcome.PreconditionFailed, result.Outcome);
    }
}
