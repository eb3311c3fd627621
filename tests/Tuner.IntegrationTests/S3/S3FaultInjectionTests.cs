using Amazon.S3;
using Tuner.Aws.S3;
using Tuner.LocalCloud;

namespace Tuner.IntegrationTests.S3;

/// <summary>The local S3's <c>/_tuner/faults</c> endpoint (s3-faults.mjs): what fault tests rely on to make S3 writes fail.</summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class S3FaultInjectionTests(LocalEnginesFixture engines)
{
    private async Task<(S3Engine Engine, IAmazonS3 Client, S3ObjectStore Store)> NewStoreAsync()
    {
        var (client, bucket) = await engines.NewS3BucketAsync();
        return (await engines.GetS3Async(), client, new S3ObjectStore(client, bucket));
    }

    [Fact]
    public async Task InjectS3Faults_PutUnderPrefix_AnsweredWithTheCodeCountTimesThenServed()
    {
        var (s3, client, store) = await NewStoreAsync();
        using var _ = client;
        AmazonS3Exception refused;
        await using (var faults = await LocalEnginesFixture.InjectS3FaultsAsync(
            s3.ServiceUrl, new S3FaultRule(403, "AccessDenied", Method: "PUT", KeyPrefix: "runs/r1/samples/", Message: "injected", Count: 1)))
        {
            refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => store.PutAsync("runs/r1/samples/c1.jsonl", "{}"u8.ToArray(), "application/x-ndjson"));
            await store.PutAsync("runs/r1/report.json", "{}"u8.ToArray(), "application/json");
            await store.PutAsync("runs/r1/samples/c1.jsonl", "{}"u8.ToArray(), "application/x-ndjson");
            Assert.Equal([1], await faults.HitsAsync());
        }

        Assert.Equal("AccessDenied", refused.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.NotNull(await store.GetAsync("runs/r1/samples/c1.jsonl"));
    }

    [Fact]
    public async Task InjectS3Faults_Disposed_RulesCleared()
    {
        var (s3, client, store) = await NewStoreAsync();
        using var _ = client;
        await using (await LocalEnginesFixture.InjectS3FaultsAsync(s3.ServiceUrl, new S3FaultRule(403, "AccessDenied", Method: "GET")))
        {
            await Assert.ThrowsAsync<AmazonS3Exception>(() => store.GetAsync("runs/r1/report.json"));
        }

        Assert.Null(await store.GetAsync("runs/r1/report.json"));
    }

    [Fact]
    public async Task InjectS3Faults_InvalidRule_RefusedWithEveryFieldPath()
    {
        var s3 = await engines.GetS3Async();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LocalEnginesFixture.InjectS3FaultsAsync(s3.ServiceUrl, new S3FaultRule(200, string.Empty, Count: 0)));

        Assert.Contains("rules[0].status", error.Message, StringComparison.Ordinal);
        Assert.Contains("rules[0].code", error.Message, StringComparison.Ordinal);
        Assert.Contains("rules[0].count", error.Message, StringComparison.Ordinal);
    }
}
