using System.Net;
using System.Text;

namespace Tuner.Cli.Tests.TestHelpers;

/// <summary>Answers AWS API calls from canned responses keyed by operation: the X-Amz-Target operation (Step
/// Functions, KMS), the Query <c>Action</c> (CloudFormation) or <c>METHOD /path</c> (S3). Records every request
/// with its body so tests can check what was sent and how it was signed.</summary>
public sealed class FakeAwsHttpHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Queue<Func<string, HttpResponseMessage>>> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<string, HttpResponseMessage>> _always = new(StringComparer.Ordinal);

    /// <summary>Every request received: operation, request (headers readable) and body text.</summary>
    public List<(string Operation, HttpRequestMessage Request, string Body)> Requests { get; } = [];

    /// <summary>Answers <paramref name="operation"/> with <paramref name="respond"/> every time.</summary>
    public FakeAwsHttpHandler On(string operation, Func<string, HttpResponseMessage> respond)
    {
        _always[operation] = respond;
        return this;
    }

    /// <summary>Answers the next call of <paramref name="operation"/> once (queued before any <see cref="On"/> answer).</summary>
    public FakeAwsHttpHandler Once(string operation, Func<string, HttpResponseMessage> respond)
    {
        if (!_routes.TryGetValue(operation, out var queue))
        {
            _routes[operation] = queue = new Queue<Func<string, HttpResponseMessage>>();
        }

        queue.Enqueue(respond);
        return this;
    }

    /// <summary>A JSON 1.0/1.1 answer (Step Functions, KMS).</summary>
    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0") };

    /// <summary>An XML answer (CloudFormation, S3).</summary>
    public static HttpResponseMessage Xml(string xml, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };

    /// <summary>A JSON-protocol error such as <c>AccessDeniedException</c>.</summary>
    public static HttpResponseMessage JsonError(string type, string message, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        Json($$"""{"__type":"{{type}}","message":"{{message}}"}""", status);

    /// <summary>Raw bytes (an S3 object).</summary>
    public static HttpResponseMessage Bytes(byte[] content)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(content) };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        response.Content.Headers.ContentLength = content.Length;
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var operation = Operation(request, body);
        Requests.Add((operation, request, body));
        if (_routes.TryGetValue(operation, out var queue) && queue.Count > 0)
        {
            return queue.Dequeue()(body);
        }

        return _always.TryGetValue(operation, out var respond)
            ? respond(body)
            : Xml($"<Error><Code>NoSuchKey</Code><Message>no fake for {operation}</Message></Error>", HttpStatusCode.NotFound);
    }

    private static string Operation(HttpRequestMessage request, string body)
    {
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets))
        {
            var target = targets.First();
            return target[(target.LastIndexOf('.') + 1)..];
        }

        var action = body.Split('&').FirstOrDefault(p => p.StartsWith("Action=", StringComparison.Ordinal));
        return action is not null ? action["Action=".Length..] : $"{request.Method} {request.RequestUri!.AbsolutePath}";
    }
}
