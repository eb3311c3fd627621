using System.Text;
using System.Text.Json;

namespace Tuner.IntegrationTests;

/// <summary>
/// Fault rules installed on a local engine through its HTTP endpoint (<c>/_tuner/faults</c>: the local Lambda service and
/// the local S3 answer the same POST/GET/DELETE), cleared on dispose so no later test meets them. Made by
/// <see cref="LocalEnginesFixture.InjectLambdaFaultsAsync"/> and <see cref="LocalEnginesFixture.InjectS3FaultsAsync"/>.
/// </summary>
public sealed class InjectedFaults : IAsyncDisposable
{
    private const string Path = "_tuner/faults";
    private readonly HttpClient _http;

    private InjectedFaults(HttpClient http) => _http = http;

    /// <summary>Installs <paramref name="rulesJson"/>; <paramref name="engine"/> names the engine in the error when it refuses them.</summary>
    internal static async Task<InjectedFaults> InjectAsync(Uri endpoint, string rulesJson, string engine)
    {
        var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var content = new StringContent(rulesJson, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(Path, content);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{engine} fault rules refused ({(int)response.StatusCode}): {body}");
            }

            return new InjectedFaults(http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>How many calls each rule answered, in the order the rules were given.</summary>
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
}
