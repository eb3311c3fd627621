using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Core.Ports;

namespace Tuner.Aws.Lambda;

/// <summary>Reads and writes the Lambda REST JSON shapes Tuner uses.</summary>
internal static class LambdaJson
{
    public static FunctionConfiguration ReadConfiguration(JsonElement e) => new(
        FunctionName: String(e, "FunctionName") ?? string.Empty,
        FunctionArn: String(e, "FunctionArn") ?? string.Empty,
        Version: String(e, "Version") ?? "$LATEST",
        MemorySizeMb: Int(e, "MemorySize"),
        TimeoutSeconds: Int(e, "Timeout"),
        Environment: ReadEnvironment(e),
        Architecture: e.TryGetProperty("Architectures", out var arch) && arch.ValueKind == JsonValueKind.Array && arch.GetArrayLength() > 0
            ? arch[0].GetString() ?? "x86_64"
            : "x86_64",
        Runtime: String(e, "Runtime"),
        State: String(e, "State") ?? string.Empty,
        LastUpdateStatus: String(e, "LastUpdateStatus") ?? string.Empty,
        Description: String(e, "Description"),
        RevisionId: String(e, "RevisionId"),
        CodeSha256: String(e, "CodeSha256"),
        LastModified: String(e, "LastModified"),
        EnvironmentError: ReadEnvironmentError(e),
        StateReasonCode: String(e, "StateReasonCode"));

    public static FunctionConfiguration ReadConfiguration(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return ReadConfiguration(document.RootElement);
    }

    public static byte[] WriteUpdate(FunctionConfigurationUpdate update)
    {
        var body = new JsonObject();
        if (update.MemorySizeMb is { } memory)
        {
            body["MemorySize"] = memory;
        }

        if (update.TimeoutSeconds is { } timeout)
        {
            body["Timeout"] = timeout;
        }

        if (update.Environment is { } environment)
        {
            var variables = new JsonObject();
            foreach (var (name, value) in environment)
            {
                variables[name] = value;
            }

            body["Environment"] = new JsonObject { ["Variables"] = variables };
        }

        if (update.RevisionId is { } revision)
        {
            body["RevisionId"] = revision;
        }

        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    public static byte[] Write(JsonObject body) => JsonSerializer.SerializeToUtf8Bytes(body);

    private static Dictionary<string, string> ReadEnvironment(JsonElement e)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.TryGetProperty("Environment", out var environment) && environment.ValueKind == JsonValueKind.Object
            && environment.TryGetProperty("Variables", out var variables) && variables.ValueKind == JsonValueKind.Object)
        {
            foreach (var variable in variables.EnumerateObject())
            {
                result[variable.Name] = variable.Value.ValueKind == JsonValueKind.String ? variable.Value.GetString() ?? string.Empty : variable.Value.GetRawText();
            }
        }

        return result;
    }

    // "Environment": {"Error": {"ErrorCode": "...", "Message": "..."}}: Lambda could not return the variables.
    private static string? ReadEnvironmentError(JsonElement e)
    {
        if (!e.TryGetProperty("Environment", out var environment) || environment.ValueKind != JsonValueKind.Object
            || !environment.TryGetProperty("Error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var code = String(error, "ErrorCode");
        var message = String(error, "Message");
        return code is null && message is null ? "an error without code or message" : $"{code ?? "error"}: {message ?? "(no message)"}";
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
}
