using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tuner.Aws.Http;

/// <summary>
/// AWS Signature Version 4 (header form) for <see cref="HttpRequestMessage"/>: builds the canonical request, the
/// string to sign and the signing key, then sets <c>X-Amz-Date</c>, <c>Host</c>, <c>X-Amz-Security-Token</c> (temporary
/// credentials) and <c>Authorization</c>. Checked against AWS's published SigV4 test suite.
/// </summary>
/// <remarks>
/// Paths are canonicalized from the path as sent on the wire. Every service except S3 encodes it once more
/// (<paramref name="doubleEncodePath"/> = true), so an ARN segment <c>arn%3Aaws</c> is signed as <c>arn%253Aaws</c>.
/// </remarks>
public sealed class SigV4Signer(string region, string service, bool doubleEncodePath = true)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Hex SHA-256 of an empty body.</summary>
    public const string EmptyPayloadSha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    // Headers a proxy or the HTTP stack may add, drop or rewrite after signing: never part of the signature.
    private static readonly HashSet<string> UnsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "user-agent", "expect", "connection", "transfer-encoding", "content-length", "x-amzn-trace-id",
    };

    public string Region { get; } = region;

    public string Service { get; } = service;

    /// <summary>Hashes the request body, then signs the request in place.</summary>
    public async Task<SigV4Signature> SignAsync(HttpRequestMessage request, AwsCredentials credentials, DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var payloadHash = request.Content is null
            ? EmptyPayloadSha256
            : HexSha256(await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        return Sign(request, credentials, timestamp, payloadHash);
    }

    /// <summary>Signs the request in place with a precomputed payload hash (lowercase hex SHA-256).</summary>
    public SigV4Signature Sign(HttpRequestMessage request, AwsCredentials credentials, DateTimeOffset timestamp, string payloadSha256Hex)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = request.RequestUri ?? throw new ArgumentException("the request has no URI", nameof(request));
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("the request URI must be absolute", nameof(request));
        }

        var utc = timestamp.ToUniversalTime();
        var amzDate = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.Host ??= uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        request.Headers.Remove("X-Amz-Security-Token");
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.SessionToken);
        }

        var headers = CanonicalHeaders(request);
        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join('\n',
            request.Method.Method.ToUpperInvariant(),
            CanonicalUri(uri),
            CanonicalQuery(uri.Query),
            string.Concat(headers.Select(h => h.Key + ":" + h.Value + "\n")),
            signedHeaders,
            payloadSha256Hex);

        var scope = $"{date}/{Region}/{Service}/aws4_request";
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, HexSha256(Encoding.UTF8.GetBytes(canonicalRequest)));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(credentials.SecretAccessKey, date), Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";

        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return new SigV4Signature(canonicalRequest, stringToSign, signedHeaders, signature, authorization);
    }

    /// <summary>The derived key: HMAC chain of date, region, service and <c>aws4_request</c> over <c>"AWS4" + secret</c>.</summary>
    public byte[] SigningKey(string secretAccessKey, string yyyymmdd)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(yyyymmdd));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Service));
        return HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
    }

    /// <summary>Lowercase hex SHA-256.</summary>
    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>RFC 3986 percent-encoding as SigV4 wants it: only <c>A-Z a-z 0-9 - _ . ~</c> stay as they are.</summary>
    public static string UriEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private string CanonicalUri(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = doubleEncodePath ? UriEncode(segments[i]) : UriEncode(Uri.UnescapeDataString(segments[i]));
        }

        return string.Join('/', segments);
    }

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(name)), UriEncode(Uri.UnescapeDataString(value))));
        }

        return string.Join('&', pairs
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    private static SortedDictionary<string, string> CanonicalHeaders(HttpRequestMessage request)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var all = request.Content is null ? request.Headers : request.Headers.Concat(request.Content.Headers);
        foreach (var (name, values) in all)
        {
            if (UnsignedHeaders.Contains(name))
            {
                continue;
            }

            var key = name.ToLowerInvariant();
            var value = string.Join(',', values.Select(TrimAll));
            headers[key] = headers.TryGetValue(key, out var existing) ? existing + "," + value : value;
        }

        return headers;
    }

    // Trims and collapses runs of spaces to one, as the canonical header value requires.
    private static string TrimAll(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c is ' ' or '\t')
            {
                space = true;
                continue;
            }

            if (space && builder.Length > 0)
            {
                builder.Append(' ');
            }

            space = false;
            builder.Append(c);
        }

        return builder.ToString();
    }
}
