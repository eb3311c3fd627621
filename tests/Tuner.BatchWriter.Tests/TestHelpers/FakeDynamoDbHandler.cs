using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Tuner.BatchWriter;

namespace Tuner.BatchWriter.Tests.TestHelpers;

/// <summary>
/// DynamoDB's BatchWriteItem on the wire (JSON 1.0), in memory, behind the real SDK client: tests script which
/// items come back unprocessed, which calls are throttled or refused, and read back what was stored.
/// </summary>
public sealed class FakeDynamoDbHandler : HttpMessageHandler
{
    private int _calls;
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>Stored items by their <c>pk</c> string.</summary>
    public ConcurrentDictionary<string, JsonObject> Table { get; } = new();

    /// <summary>Decides per call number (1-based) and item pk whether the item comes back unprocessed.</summary>
    public Func<int, string, bool> Unprocessed { get; set; } = (_, _) => false;

    /// <summary>Decides per call number whether the whole call fails with ProvisionedThroughputExceededException.</summary>
    public Func<int, bool> Throttle { get; set; } = _ => false;

    /// <summary>Decides per call number whether the call is refused with a ValidationException.</summary>
    public Func<int, bool> Invalid { get; set; } = _ => false;

    /// <summary>Calls (1-based) answered with a 500 InternalServerError, as DynamoDB does on a transient fault.</summary>
    public Func<int, bool> ServerError { get; set; } = _ => false;

    /// <summary>Time each call takes.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Reverse attribute order in UnprocessedItems (DynamoDB does not promise to keep it).</summary>
    public bool ShuffleUnprocessedAttributes { get; set; }

    /// <summary>Rewrite numbers in UnprocessedItems ("7" → "7.0") so they no longer match the items sent byte for byte.</summary>
    public bool RewriteUnprocessedNumbers { get; set; }

    /// <summary>Runs after a call's outcome is decided, with the call number (e.g. to cancel mid-write).</summary>
    public Action<int>? AfterCall { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public ConcurrentBag<int> BatchSizes { get; } = new();

    /// <summary>A real SDK client (SDK retries off, as <see cref="BatchWriterClient"/> builds it) talking to this handler.</summary>
    public IAmazonDynamoDB CreateClient(AWSCredentials? credentials = null)
    {
        var config = BatchWriterClient.CreateConfig("http://dynamodb.fake.invalid");
        config.AuthenticationRegion = "us-east-1";
        config.HttpClientFactory = new Factory(this);
        return new AmazonDynamoDBClient(credentials ?? new BasicAWSCredentials("test", "test"), config);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _inFlight);
        UpdateMax(now);
        try
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : string.Empty;
            if (!target.EndsWith(".BatchWriteItem", StringComparison.Ordinal))
            {
                return Error("com.amazon.coral.validate#ValidationException", "fake supports BatchWriteItem only: " + target);
            }

            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, cancellationToken);
            }

            try
            {
                if (Throttle(call))
                {
                    return Error("com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded.");
                }

                if (ServerError(call))
                {
                    return Error("com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error", HttpStatusCode.InternalServerError);
                }

                if (Invalid(call))
                {
                    return Error("com.amazon.coral.validate#ValidationException", "One or more parameter values were invalid: Missing the key pk in the item");
                }

                var requestItems = body["RequestItems"]!.AsObject();
                var (tableName, writes) = requestItems.Single();
                var unprocessed = new JsonArray();
                var consumed = 0;
                BatchSizes.Add(writes!.AsArray().Count);
                foreach (var write in writes.AsArray())
                {
                    var item = write!["PutRequest"]!["Item"]!.AsObject();
                    var pk = item["pk"]!["S"]!.GetValue<string>();
                    if (Unprocessed(call, pk))
                    {
                        unprocessed.Add(new JsonObject { ["PutRequest"] = new JsonObject { ["Item"] = Reorder(item) } });
                        continue;
                    }

                    Table[pk] = (JsonObject)item.DeepClone();
                    consumed += Math.Max(1, (Encoding.UTF8.GetByteCount(item.ToJsonString()) + 1023) / 1024);
                }

                var answer = new JsonObject
                {
                    ["UnprocessedItems"] = unprocessed.Count == 0 ? new JsonObject() : new JsonObject { [tableName] = unprocessed },
                    ["ConsumedCapacity"] = new JsonArray(new JsonObject { ["TableName"] = tableName, ["CapacityUnits"] = consumed }),
                };
                return Json(HttpStatusCode.OK, answer.ToJsonString());
            }
            finally
            {
                AfterCall?.Invoke(call);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private JsonObject Reorder(JsonObject item)
    {
        var copy = (JsonObject)item.DeepClone();
        if (RewriteUnprocessedNumbers)
        {
            foreach (var (_, value) in copy)
            {
                if (value is JsonObject { } typed && typed["N"] is { } number)
                {
                    typed["N"] = number.GetValue<string>() + ".0";
                }
            }
        }

        if (!ShuffleUnprocessedAttributes)
        {
            return copy;
        }

        var reversed = new JsonObject();
        foreach (var (name, value) in copy.Reverse().ToList())
        {
            copy.Remove(name);
            reversed[name] = value;
        }

        return reversed;
    }

    private void UpdateMax(int now)
    {
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }
    }

    private static HttpResponseMessage Error(string type, string message, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        Json(status, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }));

    private static HttpResponseMessage Json(HttpStatusCode status, string body) => new(status)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.0"),
    };

    private sealed class Factory(FakeDynamoDbHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
    }
}
