using System.Text;
using System.Text.Json;

namespace Tuner.IntegrationTests.S3;

/// <summary>
/// Faults injected into a local S3 (s3.mjs) through its HTTP endpoint (<c>/_tuner/faults</c>), cleared on dispose so no
/// later test meets them. Made by <see cref="LocalEnginesFixture.InjectS3FaultsAsync"/>.
/// </summary>
public sealed class S3Faults : IAsyncDisposable
{
    private const string Path = "_tuner/faults";
    private readonly HttpClient _http;

    private S3Faults(HttpClient http) => _http = http;

    internal static async Task<S3Faults> InjectAsync(Uri endpoint, IReadOnlyList<S3FaultRule> rules)
    {
        var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var content = new StringContent(ToJson(rules), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(Path, content);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"S3 fault rules refused ({(int)response.StatusCode}): {body}");
            }

            return new S3Faults(http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>How many requests each rule answered, in the order the rules were given.</summary>
    public async Task<IReadOnlyList<int>> HitsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(Path));
        return [.. document.RootElement.GetProperty("rules").EnumerateArray().Select(rule => rule.GetProperty("hits").GetInt32())];
    }

    /// <summary>Every rule as the engine lists it (JSON), for assertion messages.</summary>
    public Task<string> DescribeAsync() => _http.GetStringAsync(Path);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var response = await _http.DeleteAsync(Path);
            response.EnsureSuccessStatusCode();
        }
        finally
        {
            _http.Dispose();
        }
    }

    private static string ToJson(IReadOnlyList<S3FaultRule> rules)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteNumber("status", rule.Status);
                json.WriteString("code", rule.Code);
                WriteIfSet(json, "method", rule.Method);
                WriteIfSet(json, "keyPrefix", rule.KeyPrefix);
                WriteIfSet(json, "message", rule.Message);
                if (rule.Count is { } count)
                {
                    json.WriteNumber("count", count);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
