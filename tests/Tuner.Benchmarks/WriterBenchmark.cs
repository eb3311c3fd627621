using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.DocumentModel;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Tuner.BatchWriter;
using Tuner.LocalCloud;
using Tuner.Workload;

namespace Tuner.Benchmarks;

/// <summary>
/// Writes the same items three ways against one local DynamoDB engine, in one process, side by side: PutItem one by
/// one, the SDK's <c>Table.CreateBatchWrite</c> (DocumentBatchWrite), and Tuner.BatchWriter over a grid of
/// batch size × parallelism. The capacity emulator runs unlimited (<c>--wcu 0</c>) so the writer, not the budget,
/// is measured; DynamoDB calls are counted by the engine. Each writer's input (attribute maps, or the document
/// model's Documents for the SDK writer) is built before its clock starts. CPU per row (engine process, this
/// process) divided by wall time shows which side bounds each writer.
/// Every configuration runs once per round and rounds interleave, so machine noise hits all of them alike; the table
/// shows each configuration's median round. Usage: <c>writer [--items 20000] [--put-items 4000] [--rounds 3]</c>.
/// </summary>
internal static class WriterBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var items = BenchmarkInfo.Option(args, "--items", 20_000);
        var putItems = BenchmarkInfo.Option(args, "--put-items", 4_000);
        var rounds = BenchmarkInfo.Option(args, "--rounds", 3);
        var runtime = await NodeRuntime.EnsureInstalledAsync(NodeRuntime.FindEngineDirectory(), Console.Error);
        await using var engine = await DynamoDbEngine.StartAsync(runtime, writeUnitsPerSecond: 0);
        using var writerClient = Client(engine, BatchWriterClient.CreateConfig(engine.ServiceUrl));
        using var sdkClient = Client(engine, new AmazonDynamoDBConfig { ServiceURL = engine.ServiceUrl }); // SDK defaults, its own retries on

        Console.WriteLine($"# Writer benchmark — {BenchmarkInfo.Machine}");
        Console.WriteLine($"items per run: {items:N0} (PutItem loop: {putItems:N0}), item ≈ {ItemSize.Of(Item(0, 0)):N0} bytes, median of {rounds} interleaved rounds, engine: dynalite with the capacity emulator (unlimited)");

        // Warm-up: JIT, connections, dynalite's own first-use costs.
        await PutItemLoopAsync(engine, sdkClient, 300, -1);
        await SdkBatchAsync(engine, sdkClient, 300, -1);
        await TunerAsync(engine, writerClient, 300, 25, 4, -1);

        var rows = new List<Row>();
        for (var round = 0; round < rounds; round++)
        {
            rows.Add(await PutItemLoopAsync(engine, sdkClient, putItems, round));
            rows.Add(await SdkBatchAsync(engine, sdkClient, items, round));
            foreach (var (batch, parallelism) in new[] { (25, 1), (25, 2), (25, 4), (25, 8), (25, 16), (10, 8) })
            {
                rows.Add(await TunerAsync(engine, writerClient, items, batch, parallelism, round));
            }
        }

        var best = rows.GroupBy(r => r.Name).Select(g => g.OrderBy(r => r.ItemsPerSecond).ElementAt(g.Count() / 2)).ToList();
        var put = best.Single(r => r.Name == "PutItem one by one");
        var sdk = best.Single(r => r.Name.StartsWith("SDK", StringComparison.Ordinal));
        var tuner = best.Where(r => r.Name.StartsWith("Tuner", StringComparison.Ordinal)).MaxBy(r => r.ItemsPerSecond)!;

        Console.WriteLine();
        Console.WriteLine("| writer | items | seconds | items/s | DynamoDB calls | items/call | × PutItem items/s | engine CPU / wall | client CPU / wall |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in best)
        {
            var mark = ReferenceEquals(row, tuner) ? " **(best)**" : string.Empty;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Name}{mark} | {row.Items:N0} | {row.Seconds:F2} | {row.ItemsPerSecond:N0} | {row.Calls:N0} | {(double)row.Items / row.Calls:F1} | {row.ItemsPerSecond / put.ItemsPerSecond:F1}× | {row.EngineBusy:F2} | {row.ClientBusy:F2} |"));
        }

        Console.WriteLine();
        Summarize("best Tuner.BatchWriter setting", tuner, put, sdk);
        var best25 = best.Where(r => r.Name.StartsWith("Tuner.BatchWriter batch 25 ", StringComparison.Ordinal)).MaxBy(r => r.ItemsPerSecond)!;
        if (!ReferenceEquals(best25, tuner))
        {
            Summarize("best batch-25 setting", best25, put, sdk);
        }

        return 0;
    }

    private static void Summarize(string label, Row tuner, Row put, Row sdk)
    {
        var vsPut = tuner.ItemsPerSecond / put.ItemsPerSecond;
        var vsSdk = tuner.ItemsPerSecond / sdk.ItemsPerSecond;
        var fewerCalls = ((double)put.Calls / put.Items) / ((double)tuner.Calls / tuner.Items);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label} ({tuner.Name}): {vsPut:F1}× PutItem items/s (goal ≥ 5×), {vsSdk:F2}× SDK batch writer (goal ≥ 1.5×), {fewerCalls:F1}× fewer calls per item than PutItem (goal 25×)"));
    }

    private static async Task<Row> PutItemLoopAsync(DynamoDbEngine engine, IAmazonDynamoDB client, int count, int round)
    {
        var table = await CreateTableAsync(client, "put", round);
        var items = Items(count, round);
        var engineCpu = (EngineCpuSeconds(engine), ClientCpuSeconds());
        var stopwatch = Stopwatch.StartNew();
        foreach (var item in items)
        {
            await client.PutItemAsync(new PutItemRequest { TableName = table, Item = item });
        }

        return await RowAsync(engine, "PutItem one by one", table, count, stopwatch, engineCpu);
    }

    private static async Task<Row> SdkBatchAsync(DynamoDbEngine engine, IAmazonDynamoDB client, int count, int round)
    {
        var name = await CreateTableAsync(client, "sdk", round);
        var table = new TableBuilder(client, name).AddHashKey("pk", DynamoDBEntryType.String).Build();
        // The document model's own input, built before the clock starts (as every writer's input is).
        var documents = Items(count, round).Select(Document.FromAttributeMap).ToList();
        var engineCpu = (EngineCpuSeconds(engine), ClientCpuSeconds());
        var stopwatch = Stopwatch.StartNew();
        var batch = table.CreateBatchWrite();
        foreach (var document in documents)
        {
            batch.AddDocumentToPut(document);
        }

        await batch.ExecuteAsync();
        return await RowAsync(engine, "SDK Table.CreateBatchWrite (DocumentBatchWrite)", name, count, stopwatch, engineCpu);
    }

    private static async Task<Row> TunerAsync(DynamoDbEngine engine, IAmazonDynamoDB client, int count, int batchSize, int parallelism, int round)
    {
        var table = await CreateTableAsync(client, $"tuner-{batchSize}-{parallelism}", round);
        var items = Items(count, round);
        var writer = new BatchWriter.BatchWriter(client, new BatchWriterOptions { BatchSize = batchSize, Parallelism = parallelism });
        var engineCpu = (EngineCpuSeconds(engine), ClientCpuSeconds());
        var stopwatch = Stopwatch.StartNew();
        var result = await writer.WriteAsync(table, items);
        if (!result.AllWritten)
        {
            throw new InvalidOperationException($"Tuner.BatchWriter left {result.NotWritten.Count} items unwritten");
        }

        return await RowAsync(engine, $"Tuner.BatchWriter batch {batchSize} × parallelism {parallelism}", table, count, stopwatch, engineCpu);
    }

    private static async Task<Row> RowAsync(DynamoDbEngine engine, string name, string table, int count, Stopwatch stopwatch, (double Engine, double Client) engineCpuBefore)
    {
        stopwatch.Stop();
        var engineBusy = (EngineCpuSeconds(engine) - engineCpuBefore.Engine) / stopwatch.Elapsed.TotalSeconds;
        var clientBusy = (ClientCpuSeconds() - engineCpuBefore.Client) / stopwatch.Elapsed.TotalSeconds;
        var calls = await engine.GetCallCountAsync(table, name.StartsWith("PutItem", StringComparison.Ordinal) ? "PutItem" : "BatchWriteItem");
        return new Row(name, count, stopwatch.Elapsed.TotalSeconds, count / stopwatch.Elapsed.TotalSeconds, calls, engineBusy, clientBusy);
    }

    /// <summary>CPU seconds this process (the writers, the SDK, its HTTP stack) has used so far.</summary>
    private static double ClientCpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>
    /// CPU seconds the engine process (one Node thread for the emulator and dynalite, plus its GC and I/O threads)
    /// has used so far, from /proc; NaN where /proc is not available. Busy ≈ 1.0 means the engine's main thread is
    /// the bottleneck.
    /// </summary>
    private static double EngineCpuSeconds(DynamoDbEngine engine)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{engine.ProcessId.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static async Task<string> CreateTableAsync(IAmazonDynamoDB client, string kind, int round)
    {
        var name = $"bench-{kind}-{(round < 0 ? "warm" : round.ToString(CultureInfo.InvariantCulture))}";
        await WorkloadTable.EnsureCreatedAsync(client, name);
        return name;
    }

    private static List<Dictionary<string, AttributeValue>> Items(int count, int round) =>
        Enumerable.Range(0, count).Select(i => Item(i, round)).ToList();

    /// <summary>An event-like item of about 300 bytes (one write unit).</summary>
    private static Dictionary<string, AttributeValue> Item(int i, int round) => new()
    {
        ["pk"] = new() { S = $"evt-{round}-{i:D7}" },
        ["type"] = new() { S = (i % 5) switch { 0 => "view", 1 => "click", 2 => "cart", 3 => "purchase", _ => "refund" } },
        ["userKey"] = new() { S = ((uint)i * 2654435761u).ToString("x8", CultureInfo.InvariantCulture) + "0123456789abcdef0123456789ab" },
        ["ts"] = new() { S = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i).ToString("O", CultureInfo.InvariantCulture) },
        ["shard"] = new() { N = (i % 16).ToString(CultureInfo.InvariantCulture) },
        ["payload"] = new() { S = "{\"page\":\"/product\",\"referrer\":\"search\",\"note\":\"" + new string('n', 160) + "\"}" },
    };

    private static AmazonDynamoDBClient Client(DynamoDbEngine engine, AmazonDynamoDBConfig config)
    {
        config.AuthenticationRegion = "us-east-1";
        config.ServiceURL = engine.ServiceUrl;
        return new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
    }

    private sealed record Row(string Name, int Items, double Seconds, double ItemsPerSecond, long Calls, double EngineBusy, double ClientBusy);
}
