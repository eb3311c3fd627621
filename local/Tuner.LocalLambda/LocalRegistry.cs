using System.Text.Json;
using Tuner.LocalLambda.Api;

namespace Tuner.LocalLambda;

/// <summary>
/// Reads <c>tuner.local.json</c>: <c>{"functions":[{"name","handler"|"bootstrap","memoryMb","timeoutSeconds",
/// "environment","tags","system","reservedConcurrency","description"}]}</c>. Relative handler and bootstrap paths
/// resolve against the file's folder.
/// </summary>
public static class LocalRegistry
{
    public static IReadOnlyList<LocalFunctionDefinition> Load(string path)
    {
        var full = Path.GetFullPath(path);
        using var stream = File.OpenRead(full);
        return Parse(stream, Path.GetDirectoryName(full)!);
    }

    public static IReadOnlyList<LocalFunctionDefinition> Parse(Stream json, string baseDirectory)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("functions", out var functions) || functions.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("tuner.local.json: \"functions\" must be an array.");
        }

        var result = new List<LocalFunctionDefinition>();
        var index = 0;
        foreach (var item in functions.EnumerateArray())
        {
            var at = $"functions[{index++}]";
            var name = String(item, "name") ?? throw new InvalidDataException($"{at}.name is required.");
            var handler = String(item, "handler");
            var bootstrap = String(item, "bootstrap");
            if ((handler is null) == (bootstrap is null))
            {
                throw new InvalidDataException($"{at}: exactly one of handler or bootstrap is required.");
            }

            result.Add(new LocalFunctionDefinition
            {
                Name = name,
                Handler = handler is null ? null : ResolveHandler(handler, baseDirectory),
                Bootstrap = bootstrap is null ? null : Path.GetFullPath(bootstrap, baseDirectory),
                MemoryMb = Int(item, "memoryMb") ?? 128,
                TimeoutSeconds = Int(item, "timeoutSeconds") ?? 3,
                Environment = Map(item, "environment"),
                Tags = Map(item, "tags"),
                System = item.TryGetProperty("system", out var system) && system.ValueKind == JsonValueKind.True,
                ReservedConcurrency = Int(item, "reservedConcurrency"),
                Description = String(item, "description"),
            });
        }

        return result;
    }

    /// <summary>Makes the assembly part of <c>Assembly::Type::Method</c> absolute against <paramref name="baseDirectory"/>.</summary>
    public static string ResolveHandler(string handler, string baseDirectory)
    {
        var separator = handler.IndexOf("::", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return handler;
        }

        var assembly = handler[..separator];
        return Path.GetFullPath(assembly, baseDirectory) + handler[separator..];
    }

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static Dictionary<string, string> Map(JsonElement item, string name) =>
        (item.TryGetProperty(name, out var value) ? ApiJson.ReadMap(value) : null) ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
