using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Aws.Http;
using Tuner.Contracts;

namespace Tuner.Aws.StepFunctions;

/// <summary>
/// <see cref="IStepFunctionsApi"/> over the Step Functions JSON 1.0 protocol (<c>POST /</c>,
/// <c>X-Amz-Target: AWSStepFunctions.&lt;Operation&gt;</c>), signed with SigV4 (signing name <c>states</c>).
/// Endpoint: <c>AWS_ENDPOINT_URL_SFN</c> (passed in) or <c>https://states.{region}.amazonaws.com</c>.
/// </summary>
public sealed class StepFunctionsClient : AwsHttpClient, IStepFunctionsApi
{
    private static readonly MediaTypeHeaderValue AmzJson = new("application/x-amz-json-1.0");

    public StepFunctionsClient(AwsClientSettings settings, Uri? endpoint = null)
        : base(settings, "states", endpoint ?? DefaultEndpoint(settings?.Region ?? throw new ArgumentNullException(nameof(settings))))
    {
    }

    protected override string ServiceName => "Step Functions";

    /// <summary><c>https://states.{region}.amazonaws.com</c>.</summary>
    public static Uri DefaultEndpoint(string region) => new($"https://states.{region}.amazonaws.com");

    public async Task<StartExecutionResult> StartExecutionAsync(string stateMachineArn, string input, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateMachineArn);
        var body = new JsonObject { ["stateMachineArn"] = stateMachineArn, ["input"] = input ?? "{}" };
        if (!string.IsNullOrEmpty(name))
        {
            body["name"] = name;
        }

        using var document = await CallAsync("StartExecution", body, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        return new StartExecutionResult(Str(root, "executionArn") ?? string.Empty, Date(root, "startDate") ?? default);
    }

    public async Task<ExecutionDescription> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionArn);
        using var document = await CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = executionArn }, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        return new ExecutionDescription(
            ExecutionArn: Str(root, "executionArn") ?? executionArn,
            StateMachineArn: Str(root, "stateMachineArn") ?? string.Empty,
            Name: Str(root, "name"),
            Status: ReadStatus(root, "DescribeExecution"),
            StartDate: Date(root, "startDate") ?? default,
            StopDate: Date(root, "stopDate"),
            Input: Str(root, "input"),
            Output: Str(root, "output"),
            Error: Str(root, "error"),
            Cause: Str(root, "cause"));
    }

    public async IAsyncEnumerable<ExecutionHistoryEvent> GetExecutionHistoryAsync(string executionArn, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionArn);
        string? nextToken = null;
        do
        {
            // Without execution data: the states' inputs and outputs (up to 256 KiB each) are not needed to follow a run.
            var body = new JsonObject { ["executionArn"] = executionArn, ["maxResults"] = 1000, ["includeExecutionData"] = false };
            if (nextToken is not null)
            {
                body["nextToken"] = nextToken;
            }

            List<ExecutionHistoryEvent> page;
            using (var document = await CallAsync("GetExecutionHistory", body, cancellationToken).ConfigureAwait(false))
            {
                var root = document.RootElement;
                page = root.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array
                    ? events.EnumerateArray().Select(ReadEvent).ToList()
                    : [];
                nextToken = Str(root, "nextToken");
            }

            foreach (var e in page)
            {
                yield return e;
            }
        }
        while (!string.IsNullOrEmpty(nextToken));
    }

    public async Task<IReadOnlyList<ExecutionListItem>> ListExecutionsAsync(string stateMachineArn, string? statusFilter = null, int maxResults = 100, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateMachineArn);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        var items = new List<ExecutionListItem>();
        string? nextToken = null;
        do
        {
            var body = new JsonObject { ["stateMachineArn"] = stateMachineArn, ["maxResults"] = Math.Min(1000, maxResults - items.Count) };
            if (!string.IsNullOrEmpty(statusFilter))
            {
                body["statusFilter"] = statusFilter;
            }

            if (nextToken is not null)
            {
                body["nextToken"] = nextToken;
            }

            using var document = await CallAsync("ListExecutions", body, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.TryGetProperty("executions", out var executions) && executions.ValueKind == JsonValueKind.Array)
            {
                items.AddRange(executions.EnumerateArray().Select(e => new ExecutionListItem(
                    Str(e, "executionArn") ?? string.Empty,
                    Str(e, "name") ?? string.Empty,
                    ReadStatus(e, "ListExecutions"),
                    Date(e, "startDate") ?? default,
                    Date(e, "stopDate"))));
            }

            nextToken = Str(root, "nextToken");
        }
        while (!string.IsNullOrEmpty(nextToken) && items.Count < maxResults);

        return items.Count > maxResults ? items[..maxResults] : items;
    }

    private async Task<JsonDocument> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var uri = At("/");
        var response = await SendAsync(
            operation,
            () =>
            {
                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = AmzJson;
                var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
                request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions." + operation);
                return request;
            },
            cancellationToken).ConfigureAwait(false);
        return JsonDocument.Parse(response.Body.Length == 0 ? "{}"u8.ToArray() : response.Body);
    }

    private static ExecutionHistoryEvent ReadEvent(JsonElement e)
    {
        string? stateName = null, error = null, cause = null, details = null;
        foreach (var property in e.EnumerateObject())
        {
            if (!property.Name.EndsWith("EventDetails", StringComparison.Ordinal) || property.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            details = property.Value.GetRawText();
            stateName ??= Str(property.Value, "name");
            error ??= Str(property.Value, "error");
            cause ??= Str(property.Value, "cause");
        }

        return new ExecutionHistoryEvent(
            Id: e.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64() : 0,
            PreviousEventId: e.TryGetProperty("previousEventId", out var previous) && previous.ValueKind == JsonValueKind.Number ? previous.GetInt64() : 0,
            Type: Str(e, "type") ?? string.Empty,
            Timestamp: Date(e, "timestamp") ?? default,
            StateName: stateName,
            Error: error,
            Cause: cause,
            DetailsJson: details);
    }

    /// <summary>The answer's <c>status</c>; a missing or unknown one is an error naming the operation, not a guess.</summary>
    private static ExecutionStatus ReadStatus(JsonElement e, string operation)
    {
        try
        {
            return ExecutionStatuses.Parse(Str(e, "status"));
        }
        catch (FormatException error)
        {
            throw new FormatException($"Step Functions' {operation} answered an execution without a status Tuner knows ({error.Message})", error);
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Step Functions sends timestamps as epoch seconds with a fraction; some emulators send ISO 8601 strings.
    private static DateTimeOffset? Date(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.GetDouble() * 1000)),
            JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
            _ => null,
        };
    }
}
