using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Tuner.Core.Resilience;

namespace Tuner.Aws.Http;

/// <summary>
/// The code and message of an AWS error answer, read from (in order) the <c>x-amzn-ErrorType</c> header, a JSON body's
/// <c>__type</c>/<c>code</c> and <c>message</c>, or an XML body's <c>&lt;Error&gt;&lt;Code&gt;</c> and <c>&lt;Message&gt;</c>.
/// </summary>
public sealed record AwsErrorInfo(string Code, string Message, int StatusCode, string? RequestId)
{
    /// <summary>The server's <c>Retry-After</c> (seconds), when it sent one: the least a retry should wait.</summary>
    public TimeSpan? RetryAfter { get; init; }

    private static readonly HashSet<string> AccessDeniedCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
        "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "MissingAuthenticationToken",
        "IncompleteSignature", "AuthFailure", "NotAuthorized",
    };

    /// <summary>Throttling and server-side failures (<see cref="TransientErrors"/>): worth retrying with backoff.</summary>
    public bool IsRetryable => TransientErrors.IsTransient(Code, StatusCode);

    /// <summary>The service refused the call for its rate and did not act on it.</summary>
    public bool IsThrottling => TransientErrors.IsThrottling(Code, StatusCode);

    /// <summary>Whether <paramref name="code"/> is one of AWS's authentication/authorization error codes.</summary>
    public static bool IsAccessDeniedCode(string code) => AccessDeniedCodes.Contains(code);

    /// <summary>Parses an error answer; never throws on a malformed body.</summary>
    public static AwsErrorInfo Parse(int statusCode, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var requestId = First(headers, "x-amzn-RequestId") ?? First(headers, "x-amz-request-id");
        var code = First(headers, "x-amzn-ErrorType") is { } typeHeader ? CleanCode(typeHeader) : null;
        var message = First(headers, "x-amzn-ErrorMessage");

        var trimmed = Encoding.UTF8.GetString(body).Trim();
        if (trimmed.StartsWith('{'))
        {
            ReadJson(trimmed, ref code, ref message);
        }
        else if (trimmed.StartsWith('<'))
        {
            ReadXml(trimmed, ref code, ref message, ref requestId);
        }

        code ??= DefaultCode(statusCode);
        message ??= trimmed.Length is > 0 and <= 512 ? trimmed : $"HTTP {statusCode}";
        return new AwsErrorInfo(code, message, statusCode, requestId) { RetryAfter = RetryAfterOf(headers) };
    }

    // Lambda and the other JSON services send delta seconds; an HTTP date would need the clock, and is not used by them.
    private static TimeSpan? RetryAfterOf(HttpResponseHeaders headers) =>
        headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero ? wait : null;

    private static void ReadJson(string body, ref string? code, ref string? message)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                var value = property.Value.GetString();
                if (code is null && property.Name is "__type" or "code" or "Code")
                {
                    code = CleanCode(value ?? string.Empty);
                }
                else if (message is null && property.Name is "message" or "Message" or "errorMessage")
                {
                    message = value;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: the caller falls back to the raw text.
        }
    }

    private static void ReadXml(string body, ref string? code, ref string? message, ref string? requestId)
    {
        try
        {
            var document = XDocument.Parse(body);
            var error = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error") ?? document.Root;
            code ??= error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            message ??= error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
            requestId ??= document.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
        }
        catch (System.Xml.XmlException)
        {
            // Not XML after all: the caller falls back to the raw text.
        }
    }

    // "ResourceNotFoundException:http://internal.amazon.com/..." and "com.amazonaws.lambda#ResourceNotFoundException".
    private static string CleanCode(string raw)
    {
        var code = raw;
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        return hash >= 0 ? code[(hash + 1)..] : code;
    }

    private static string DefaultCode(int statusCode) => statusCode switch
    {
        400 => "BadRequest",
        401 or 403 => "AccessDenied",
        404 => "ResourceNotFoundException",
        409 => "ConflictException",
        413 => "RequestTooLarge",
        429 => "TooManyRequestsException",
        >= 500 => "ServiceException",
        _ => $"Http{statusCode}",
    };

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
