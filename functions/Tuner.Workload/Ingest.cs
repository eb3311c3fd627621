using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tuner.BatchWriter;

namespace Tuner.Workload;

/// <summary>
/// The reference target Tuner tunes (<c>Tuner.Workload::Tuner.Workload.Ingest::Handle</c>): an event-ingest function
/// that receives events (<c>{"events":[…]}</c>) or generates them from a seed
/// (<c>{"generate":{"count":N,"seed":S}}</c>), validates and enriches each one (CPU-bound), writes them with
/// <see cref="BatchWriter.BatchWriter"/> and returns <c>{"tunerMetrics":{…}}</c>. Items it cannot write fail the
/// invocation with <see cref="BatchWriteIncompleteException"/>: never a silent loss.
/// </summary>
public sealed class Ingest
{
    /// <summary>Most events one invocation accepts.</summary>
    public const int MaxEvents = 100_000;

    private const int DefaultNoteBytes = 200;
    private const int MaxErrorsReported = 10;

    private readonly IAmazonDynamoDB _client;
    private readonly IngestSettings _settings;
    private readonly BatchWriter.BatchWriter _writer;
    private readonly EventProcessor _processor;
    private readonly TimeProvider _time;
    private bool _tableReady;

    /// <summary>
    /// The Lambda runtime's constructor: the DynamoDB client from the standard SDK configuration (region,
    /// credentials, <c>AWS_ENDPOINT_URL_DYNAMODB</c>, SDK retries off), <c>TUNER_TABLE_NAME</c>, and the knobs
    /// <c>TUNER_DDB_BATCH_SIZE</c>/<c>TUNER_DDB_PARALLELISM</c>, all read once here.
    /// </summary>
    public Ingest()
        : this(
            BatchWriterClient.Create(),
            IngestSettings.FromEnvironment(Environment.GetEnvironmentVariable),
            BatchWriterOptions.FromEnvironment(Environment.GetEnvironmentVariable),
            TimeProvider.System)
    {
    }

    /// <summary>The test constructor: every dependency explicit.</summary>
    public Ingest(IAmazonDynamoDB client, IngestSettings settings, BatchWriterOptions writerOptions, TimeProvider timeProvider, Random? jitter = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(writerOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _client = client;
        _settings = settings;
        _time = timeProvider;
        _writer = new BatchWriter.BatchWriter(client, writerOptions, timeProvider, jitter);
        _processor = new EventProcessor(settings.WorkFactor, timeProvider);
    }

    /// <summary>Handles one invocation.</summary>
    /// <exception cref="IngestRequestException">The request is unusable.</exception>
    /// <exception cref="BatchWriteIncompleteException">Some valid events could not be written.</exception>
    public async Task<Stream> Handle(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = _time.GetTimestamp();
        var events = await ReadEventsAsync(input);

        var items = new List<Dictionary<string, AttributeValue>>(events.Count);
        var errors = new List<string>();
        var invalid = 0;
        foreach (var json in events)
        {
            var (item, error) = _processor.Process(json);
            if (item is not null)
            {
                items.Add(item);
                continue;
            }

            invalid++;
            if (errors.Count < MaxErrorsReported)
            {
                errors.Add(error!);
            }
        }

        var processed = _time.GetTimestamp();
        if (_settings.CreateTable && !_tableReady)
        {
            // Once per execution environment; a failure is retried on the next invocation, not remembered.
            await WorkloadTable.EnsureCreatedAsync(_client, _settings.TableName);
            _tableReady = true;
        }

        var result = (await _writer.WriteAsync(_settings.TableName, items)).EnsureAllWritten();
        return Respond(events.Count, invalid, errors, result, _time.GetElapsedTime(started, processed), result.Elapsed);
    }

    private static async Task<IReadOnlyList<string>> ReadEventsAsync(Stream input)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(input);
        }
        catch (JsonException e)
        {
            throw new IngestRequestException("the request is not JSON: " + e.Message, e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array)
            {
                if (events.GetArrayLength() > MaxEvents)
                {
                    throw new IngestRequestException($"events: {events.GetArrayLength()} events, at most {MaxEvents} per invocation");
                }

                return events.EnumerateArray().Select(e => e.GetRawText()).ToList();
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("generate", out var generate) && generate.ValueKind == JsonValueKind.Object)
            {
                var count = Int(generate, "count", null);
                var seed = Int(generate, "seed", 1);
                var noteBytes = Int(generate, "noteBytes", DefaultNoteBytes);
                if (count is < 1 or > MaxEvents)
                {
                    throw new IngestRequestException($"generate.count: {count} is outside 1–{MaxEvents}");
                }

                if (noteBytes is < 0 or > 300_000)
                {
                    throw new IngestRequestException($"generate.noteBytes: {noteBytes} is outside 0–300000");
                }

                return EventGenerator.Generate(count, seed, noteBytes);
            }

            throw new IngestRequestException("expected {\"events\":[…]} or {\"generate\":{\"count\":N,\"seed\":S}}");
        }
    }

    private static int Int(JsonElement parent, string name, int? fallback)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return fallback ?? throw new IngestRequestException($"generate.{name}: required");
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)
            ? n
            : throw new IngestRequestException($"generate.{name}: {value.GetRawText()} is not an integer");
    }

    private MemoryStream Respond(int received, int invalid, List<string> errors, BatchWriteResult result, TimeSpan processing, TimeSpan writing)
    {
        var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartObject("tunerMetrics");
            json.WriteNumber("items", result.Metrics.Items);
            json.WriteNumber("consumedWriteUnits", result.Metrics.ConsumedWriteUnits);
            json.WriteNumber("retries", result.Metrics.Retries);
            json.WriteNumber("throttles", result.Metrics.Throttles);
            json.WriteNumber("calls", result.Metrics.Calls);
            json.WriteNumber("transientErrors", result.Metrics.TransientErrors);
            json.WriteEndObject();
            json.WriteString("table", _settings.TableName);
            json.WriteNumber("received", received);
            json.WriteNumber("invalid", invalid);
            json.WriteStartArray("errors");
            foreach (var error in errors)
            {
                json.WriteStringValue(error);
            }

            json.WriteEndArray();
            json.WriteNumber("batchSize", _writer.Options.BatchSize);
            json.WriteNumber("parallelism", _writer.Options.Parallelism);
            json.WriteNumber("workFactor", _settings.WorkFactor);
            json.WriteNumber("processingMs", Math.Round(processing.TotalMilliseconds, 1));
            json.WriteNumber("writeMs", Math.Round(writing.TotalMilliseconds, 1));
            json.WriteEndObject();
        }

        output.Position = 0;
        return output;
    }
}
