using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tuner.LocalLambda;

namespace Tuner.IntegrationTests.LocalLambda;

/// <summary>Plain HTTP calls to the local Lambda API (what an AWS client sends, minus the signature), and test-function registration.</summary>
internal sealed partial class LambdaHttp : IDisposable
{
    private readonly HttpClient _http;

    public LambdaHttp(LocalLambdaService service)
    {
        Service = service;
        _http = new HttpClient { BaseAddress = service.Endpoint, Timeout = TimeSpan.FromSeconds(90) };
    }

    public LocalLambdaService Service { get; }

    public static string TargetsAssembly => typeof(Tuner.TestTargets.Echo).Assembly.Location;

    /// <summary>Registers a test-target handler under a unique name and returns the name.</summary>
    public string Register<THandler>(int memoryMb = 256, int timeoutSeconds = 10, IReadOnlyDictionary<string, string>? environment = null, int? reservedConcurrency = null) =>
        Register(typeof(THandler), memoryMb, timeoutSeconds, environment, reservedConcurrency);

    /// <summary>Registers a handler type (static classes too) under a unique name and returns the name.</summary>
    public string Register(Type handler, int memoryMb = 256, int timeoutSeconds = 10, IReadOnlyDictionary<string, string>? environment = null, int? reservedConcurrency = null)
    {
        var name = $"{handler.Name.ToLowerInvariant()}-{Guid.NewGuid():N}"[..24];
        Service.RegisterFunction(new LocalFunctionDefinition
        {
            Name = name,
            Handler = $"{TargetsAssembly}::{handler.FullName}::Handle",
            MemoryMb = memoryMb,
            TimeoutSeconds = timeoutSeconds,
            Environment = environment ?? new Dictionary<string, string>(),
            ReservedConcurrency = reservedConcurrency,
            Tags = new Dictionary<string, string> { ["tuner:allow"] = "true" },
        });
        return name;
    }

    public async Task<Invocation> InvokeAsync(string function, string payload = "{}", string? qualifier = null)
    {
        var path = $"2015-03-31/functions/{Uri.EscapeDataString(function)}/invocations" + (qualifier is null ? string.Empty : "?Qualifier=" + Uri.EscapeDataString(qualifier));
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Amz-Log-Type", "Tail");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var log = Header(response, "X-Amz-Log-Result") is { } tail ? Encoding.UTF8.GetString(Convert.FromBase64String(tail)) : string.Empty;
        return new Invocation(response.StatusCode, body, Header(response, "X-Amz-Function-Error"), Header(response, "X-Amz-Executed-Version"),
            Header(response, "X-Tuner-Limits"), Header(response, "x-amzn-ErrorType"), log);
    }

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new ApiAnswer(response.StatusCode, Header(response, "x-amzn-ErrorType"), body);
    }

    public async Task WaitForUpdateAsync(string function)
    {
        for (var i = 0; i < 100; i++)
        {
            var answer = await SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{function}/configuration");
            if (answer.Json.RootElement.GetProperty("LastUpdateStatus").GetString() == "Successful")
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{function} stayed InProgress");
    }

    public void Dispose() => _http.Dispose();

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.First() : null;

    [GeneratedRegex(@"^REPORT RequestId: (?<id>\S+)\tDuration: (?<d>[0-9.]+) ms\tBilled Duration: (?<b>[0-9]+) ms\tMemory Size: (?<m>[0-9]+) MB\tMax Memory Used: (?<u>[0-9]+) MB\t(Init Duration: (?<i>[0-9.]+) ms\t)?", RegexOptions.Multiline)]
    private static partial Regex ReportPattern();

    /// <summary>An Invoke answer with its decoded log tail.</summary>
    internal sealed record Invocation(HttpStatusCode Status, string Body, string? FunctionError, string? ExecutedVersion, string? Limits, string? ErrorType, string Log)
    {
        public Report Report
        {
            get
            {
                var match = ReportPattern().Match(Log);
                Assert.True(match.Success, "no REPORT line in log:\n" + Log);
                return new Report(
                    double.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture),
                    long.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture),
                    int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture),
                    int.Parse(match.Groups["u"].Value, CultureInfo.InvariantCulture),
                    match.Groups["i"].Success ? double.Parse(match.Groups["i"].Value, CultureInfo.InvariantCulture) : null);
            }
        }

        public JsonDocument Json => JsonDocument.Parse(Body);
    }

    /// <summary>The REPORT line's figures.</summary>
    internal sealed record Report(double DurationMs, long BilledMs, int MemorySizeMb, int MaxMemoryUsedMb, double? InitDurationMs);

    /// <summary>A control-plane answer.</summary>
    internal sealed record ApiAnswer(HttpStatusCode Status, string? ErrorType, string Body)
    {
        public JsonDocument Json => JsonDocument.Parse(Body);
    }
}
