using System.Net;
using System.Net.Http.Headers;

namespace Tuner.Aws.Http;

/// <summary>A successful (2xx) answer, body fully read.</summary>
public sealed record AwsResponse(HttpStatusCode StatusCode, HttpResponseHeaders Headers, byte[] Body)
{
    /// <summary>The first value of a response header, or <c>null</c>.</summary>
    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
