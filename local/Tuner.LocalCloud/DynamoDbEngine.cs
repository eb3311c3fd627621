using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tuner.LocalCloud;

/// <summary>
/// The local DynamoDB: <c>local/engine/dynamodb.mjs</c> on Node 22 — dynalite with a
/// write-capacity emulator (a per-table token bucket of write units per second, default 1,000 WCU/s like one
/// on-demand partition; over it, BatchWriteItem returns UnprocessedItems and single writes get
/// ProvisionedThroughputExceededException). Point SDK clients at <see cref="ServiceUrl"/>, or give functions
/// <see cref="ClientEnvironment"/>. Disposal stops the process.
/// </summary>
public sealed class DynamoDbEngine : IAsyncDisposable
{
    /// <summary>The engine script inside <c>local/engine</c>.</summary>
    public const string Script = "dynamodb.mjs";

    /// <summary>Default write units per second per table: one on-demand partition's limit.</summary>
    public const double DefaultWriteUnitsPerSecond = 1000;

    private readonly EngineProcess _process;
    private readonly HttpClient _admin;

    private DynamoDbEngine(EngineProcess process)
    {
        _process = process;
        Port = process.Port;
        _admin = new HttpClient { BaseAddress = new Uri(ServiceUrl + "/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The engine's port on 127.0.0.1 (what clients use).</summary>
    public int Port { get; }

    /// <summary>The endpoint for SDK clients (<c>ServiceURL</c> or <c>AWS_ENDPOINT_URL_DYNAMODB</c>).</summary>
    public string ServiceUrl => "http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The process id (for tests that check nothing is left behind).</summary>
    public int ProcessId => _process.ProcessId;

    /// <summary>
    /// Environment for a function that talks to this engine through the standard SDK configuration:
    /// endpoint, region and dummy credentials (the engine checks none).
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL_DYNAMODB"] = ServiceUrl,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "local",
        ["AWS_SECRET_ACCESS_KEY"] = "local",
    };

    /// <summary>
    /// Starts the engine. <paramref name="writeUnitsPerSecond"/> is every table's default budget (0 = unlimited),
    /// <paramref name="burstSeconds"/> how many seconds of it a bucket holds, <paramref name="rejectFraction"/> a
    /// fixed probability (0 ≤ p &lt; 1) that any write is refused regardless of budget, drawn from a PRNG seeded
    /// with <paramref name="seed"/>.
    /// </summary>
    public static async Task<DynamoDbEngine> StartAsync(
        NodeRuntime runtime,
        double writeUnitsPerSecond = DefaultWriteUnitsPerSecond,
        double burstSeconds = 1,
        double rejectFraction = 0,
        int seed = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentOutOfRangeException.ThrowIfNegative(writeUnitsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(burstSeconds);
        if (rejectFraction is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rejectFraction), rejectFraction, "must be in [0, 1)");
        }

        string[] arguments =
        [
            "--wcu", Format(writeUnitsPerSecond),
            "--burst-seconds", Format(burstSeconds),
            "--reject-fraction", Format(rejectFraction),
            "--seed", seed.ToString(CultureInfo.InvariantCulture),
        ];
        var process = await runtime.StartAsync(Script, arguments, null, TimeSpan.FromSeconds(30), cancellationToken);
        return new DynamoDbEngine(process);
    }

    /// <summary>Changes one table's budget and/or rejection probability (the table need not exist yet); refills its bucket.</summary>
    public async Task ConfigureTableAsync(
        string tableName,
        double? writeUnitsPerSecond = null,
        double? rejectFraction = null,
        double? burstSeconds = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        var settings = new JsonObject();
        if (writeUnitsPerSecond is { } wcu)
        {
            settings["wcu"] = wcu;
        }

        if (rejectFraction is { } fraction)
        {
            settings["rejectFraction"] = fraction;
        }

        if (burstSeconds is { } burst)
        {
            settings["burstSeconds"] = burst;
        }

        using var response = await _admin.PostAsJsonAsync("__tuner/tables/" + Uri.EscapeDataString(tableName), settings, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"configuring table {tableName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>
    /// The emulator's counters: <c>calls.total</c>, <c>calls.byOperation</c>, and per table <c>calls</c> (by operation),
    /// <c>writeUnits</c>, <c>writtenItems</c>, <c>rejectedItems</c>, <c>throttledCalls</c>, <c>settings</c>.
    /// </summary>
    public async Task<JsonElement> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        using var document = await JsonDocument.ParseAsync(
            await _admin.GetStreamAsync("__tuner/stats", cancellationToken), cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }

    /// <summary>DynamoDB API calls that reached the engine: all, or those naming <paramref name="tableName"/>, optionally of one operation (e.g. <c>BatchWriteItem</c>).</summary>
    public async Task<long> GetCallCountAsync(string? tableName = null, string? operation = null, CancellationToken cancellationToken = default)
    {
        var stats = await GetStatsAsync(cancellationToken);
        var calls = tableName is null
            ? stats.GetProperty("calls")
            : stats.GetProperty("tables").TryGetProperty(tableName, out var table) ? table : default;
        if (calls.ValueKind == JsonValueKind.Undefined)
        {
            return 0;
        }

        if (tableName is null)
        {
            return operation is null
                ? calls.GetProperty("total").GetInt64()
                : calls.GetProperty("byOperation").TryGetProperty(operation, out var count) ? count.GetInt64() : 0;
        }

        var byOperation = calls.GetProperty("calls");
        return operation is null
            ? byOperation.EnumerateObject().Sum(p => p.Value.GetInt64())
            : byOperation.TryGetProperty(operation, out var n) ? n.GetInt64() : 0;
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _process.DisposeAsync();
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
