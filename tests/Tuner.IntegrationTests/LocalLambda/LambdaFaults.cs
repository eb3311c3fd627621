using System.Text;
using System.Text.Json;
using Tuner.LocalLambda.Faults;

namespace Tuner.IntegrationTests.LocalLambda;

/// <summary>
/// Faults injected into a local Lambda service through its HTTP endpoint (<c>/_tuner/faults</c>), cleared on dispose so
/// no later test meets them. Made by <see cref="LocalEnginesFixture.InjectLambdaFaultsAsync"/>.
/// </summary>
public sealed class LambdaFaults : IAsyncDisposable
{
    private const string Path = "_tuner/faults";
    private readonly HttpClient _http;

    private LambdaFaults(HttpClient http) => _http = http;

    internal static async Task<LambdaFaults> InjectAsync(Uri endpoint, IReadOnlyList<LambdaFaultRule> rules)
    {
        var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
        var faults = new LambdaFaults(http);
        try
        {
            using var content = new StringContent(LambdaFaultRulesJson.ToJson(rules), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(Path, content);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"fault rules refused ({(int)response.StatusCode}): {body}");
            }

            return faults;
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

    /// <summary>Every rule as the service lists it (JSON), for assertion messages.</summary>
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
