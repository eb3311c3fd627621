using System.Globalization;
using System.Text.Json;
using Tuner.LocalLambda.Functions;

namespace Tuner.LocalLambda.Api;

/// <summary>Writes Lambda API documents with the field names AWS uses (FunctionName, MemorySize, Timeout, …).</summary>
internal static class ApiJson
{
    public static void WriteConfiguration(Utf8JsonWriter json, ConfigurationView view)
    {
        var config = view.Config;
        json.WriteStartObject();
        json.WriteString("FunctionName", config.Name);
        json.WriteString("FunctionArn", view.FunctionArn);
        json.WriteString("Runtime", config.Runtime);
        json.WriteString("Role", $"arn:aws:iam::{LocalArn.AccountId}:role/tuner-local");
        json.WriteString("Handler", config.Handler ?? "bootstrap");
        json.WriteNumber("CodeSize", 0);
        json.WriteString("Description", config.Description);
        json.WriteNumber("Timeout", config.TimeoutSeconds);
        json.WriteNumber("MemorySize", config.MemoryMb);
        json.WriteString("LastModified", config.LastModified.ToString("yyyy-MM-dd'T'HH:mm:ss.fff+0000", CultureInfo.InvariantCulture));
        json.WriteString("CodeSha256", config.CodeSha256);
        json.WriteString("Version", config.Version);
        json.WriteStartObject("Environment");
        WriteMap(json, "Variables", config.Environment);
        json.WriteEndObject();
        json.WriteStartObject("TracingConfig");
        json.WriteString("Mode", "PassThrough");
        json.WriteEndObject();
        json.WriteString("RevisionId", config.RevisionId);
        json.WriteString("State", "Active");
        json.WriteString("LastUpdateStatus", view.LastUpdateStatus);
        json.WriteString("PackageType", "Zip");
        json.WriteStartArray("Architectures");
        json.WriteStringValue(System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "x86_64");
        json.WriteEndArray();
        json.WriteStartObject("EphemeralStorage");
        json.WriteNumber("Size", 512);
        json.WriteEndObject();
        json.WriteStartObject("LoggingConfig");
        json.WriteString("LogFormat", "Text");
        json.WriteString("LogGroup", "/aws/lambda/" + config.Name);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void WriteAlias(Utf8JsonWriter json, string region, string functionName, AliasConfig alias)
    {
        json.WriteStartObject();
        json.WriteString("AliasArn", LocalArn.Function(region, functionName, alias.Name));
        json.WriteString("Name", alias.Name);
        json.WriteString("FunctionVersion", alias.FunctionVersion);
        json.WriteString("Description", alias.Description);
        json.WriteString("RevisionId", alias.RevisionId);
        json.WriteEndObject();
    }

    public static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> map)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    public static Dictionary<string, string>? ReadMap(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return map;
    }
}
