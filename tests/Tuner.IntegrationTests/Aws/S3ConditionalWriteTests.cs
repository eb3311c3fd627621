using System.Text;
using Amazon.S3;
using Tuner.Aws.S3;
using Tuner.Core.Ports;

namespace Tuner.IntegrationTests.Aws;

/// <summary>
/// S3's conditional writes (<c>If-None-Match: *</c>, <c>If-Match</c>) through the S3 adapter against the local S3: s3rver
/// 3.7.1 ignores both headers on PUT and DELETE, so s3.mjs enforces them (s3-preconditions.mjs) the way S3 answers.
/// </summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class S3ConditionalWriteTests(LocalEnginesFixture engines)
{
    private static readonly byte[] First = "first"u8.ToArray();
    private static readonly byte[] Second = "second"u8.ToArray();

    private async Task<(IAmazonS3 Client, S3ObjectStore Store)> NewStoreAsync()
    {
        var (client, bucket) = await engines.NewS3BucketAsync();
        return (client, new S3ObjectStore(client, bucket));
    }

    [Fact]
    public async Task PutIfAsync_IfAbsentOnNewKey_WrittenWithETag()
    {
        var (client, store) = await NewStoreAsync();
        using var _ = client;

        var result = await store.PutIfAsync("locks/orders", First, "application/json", WriteCondition.IfAbsent);

        Assert.Equal(ConditionalWriteOutcome.Written, result.Outcome);
        var stored = await store.GetWithETagAsync("locks/orders");
        Assert.NotNull(stored);
        Assert.Equal(result.ETag, stored.ETag);
        Assert.Equal("first", Encoding.UTF8.GetString(stored.Content));
    }

    [Fact]
    public async Task PutIfAsync_IfAbsentOnExistingKey_PreconditionFailedAndObjectKept()
    {
        var (client, store) = await NewStoreAsync();
        using var _ = client;
        await store.PutAsync("locks/orders", First, "application/json");

        var result = await store.PutIfAsync("locks/orders", Second, "application/json", WriteCondition.IfAbsent);

        Assert.Equal(ConditionalWriteOutcome.PreconditionFailed, result.Outcome);
        Assert.Equal("first", Encoding.UTF8.GetString((await store.GetAsync("locks/orders"))!));
    }

    [Fact]
    public async Task PutIfAsync_TwentyConcurrentIfAbsentWrites_ExactlyOneWins()
    {
        var (client, store) = await NewStoreAsync();
        using var _ = client;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            store.PutIfAsync("locks/orders", Encoding.UTF8.GetBytes($"run-{i}"), "application/json", WriteCondition.IfAbsent)));

        var winners = results.Select((result, i) => (result, i)).Where(r => r.result.Written).ToList();
        Assert.Single(winners);
        Assert.All(results.Where(r => !r.Written), r => Assert.Equal(ConditionalWriteOutcome.PreconditionFailed, r.Outcome));
        Assert.Equal($"run-{winners[0].i}", Encoding.UTF8.GetString((await store.GetAsync("locks/orders"))!));
    }

    [Fact]
    public async Task PutIfAsync_IfETagCurrent_WrittenAndETagChanges()
    {
        var (client, store) = await NewStoreAsync();
        using var _ = client;
        var first = await store.PutIfAsync("locks/orders", First, "application/json", WriteCondition.IfAbsent);

        var result = await store.PutIfAsync("locks/orders", Second, "application/json", WriteCondition.IfETag(first.ETag!));

        Assert.Equal(ConditionalWriteOutcome.Written, result.Outcome);
        Assert.NotEqual(first.ETag, result.ETag);
        Assert.Equal("second", Encoding.UTF8.GetString((await store.GetAsync("locks/orders"))!));
    }

    [Fact]
    public async Task PutIfAsync_IfETagStale_PreconditionFailedAndNewerObjectKept()
    {
        var (client, store) = await NewStoreAsync();
        using var _ = client;
        var first = await store.PutIfAsync("locks/orders", First, "application/json", WriteCondition.IfAbsent);
        await store.PutAsync("locks/orders", "newer"u8.ToArray(), "application/json");

        var result = await store.PutIfAsync("locks/orders", Second, "application/json", WriteCondition.IfETag(first.ETag!));

        Assert.Equal(ConditionalWriteOutcome.PreconditionFailed, result.Outcome);
        Assert.Equal("newer", Encoding.UTF8.GetString((await store.GetAsync("locks/orders"))!));
    }

    [Fact]
    public async Task PutIfAsync_IfETagOnMissingKey_MissingAndNothingWritten()
    {
        var (client, store) = await NewStoreAsync();
        using var _ = client;

        var result = await store.PutIfAsync("locks/orders", Second, "application/json", WriteCondition.IfETag("\"0123456789abcdef0123456789abcdef\""));

        Assert.Equal(ConditionalWriteOutcome.Missing, result.Outcome);
        Assert.Null(await store.GetAsync("locks/orders"));
    }

    [Fact]
    public async Task DeleteIfMatchAsync_StaleETag_PreconditionFailedAndObjectKept()
    {
        var (client, store) = await NewStoreAsync();
        using var _ = client;
        var first = await store.PutIfAsync("locks/orders", First, "application/json", WriteCondition.IfAbsent);
        await store.PutAsync("locks/orders", "taken over"u8.ToArray(), "application/json");

        var result = await store.DeleteIfMatchAsync("locks/orders", first.ETag!);

        Assert.Equal(ConditionalWriteOutcome.PreconditionFailed, result.Outcome);
        Assert.Equal("taken over", Encoding.UTF8.GetString((await store.GetAsync("locks/orders"))!));
    }

    [Fact]
    public async Task DeleteIfMatchAsync_CurrentETag_Deleted()
    {
        var (client, store) = await NewStoreAsync();
        using var _ = client;
        var first = await store.PutIfAsync("locks/orders", First, "application/json", WriteCondition.IfAbsent);

        var result = await store.DeleteIfMatchAsync("locks/orders", first.ETag!);

        Assert.Equal(ConditionalWriteOutcome.Written, result.Outcome);
        Assert.Null(await store.GetAsync("locks/orders"));
    }

    [Fact]
    public async Task DeleteIfMatchAsync_MissingKey_Missing()
    {
        var (client, store) = await NewStoreAsync();
        using var _ = client;

        var result = await store.DeleteIfMatchAsync("locks/orders", "\"0123456789abcdef0123456789abcdef\"");

        Assert.Equal(ConditionalWriteOutcome.Missing, result.Outcome);
    }
}
