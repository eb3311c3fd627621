using System.Net;
using System.Text;

namespace Tuner.Aws.Tests.TestHelpers;

/// <summary>An <see cref="HttpMessageHandler"/> that records every request and answers with the next scripted response.</summary>
public sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<RecordedRequest, HttpResponseMessage>> _responses = new();

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Answer used when the script is empty (default: fail the test loudly with a 599).</summary>
    public Func<RecordedRequest, HttpResponseMessage>? Fallback { get; set; }

    public FakeHttpHandler Respond(HttpStatusCode status, string body = "", params (string Name, string Value)[] headers) =>
        Respond(_ => Response(status, body, headers));

    public FakeHttpHandler Respond(Func<RecordedRequest, HttpResponseMessage> response)
    {
        _responses.Enqueue(response);
        return this;
    }

    public FakeHttpHandler Throw(Exception exception) => Respond(_ => throw exception);

    public static HttpResponseMessage Response(HttpStatusCode status, string body = "", params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(",", values);
        }

        var body = Array.Empty<byte>();
        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers)
            {
                headers[name] = string.Join(",", values);
            }

            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, body);
        Requests.Add(recorded);
        if (_responses.TryDequeue(out var next))
        {
            return next(recorded);
        }

        return Fallback?.Invoke(recorded) ?? Response((HttpStatusCode)599, "no scripted response for " + request.Method + " " + request.RequestUri);
    }
}
