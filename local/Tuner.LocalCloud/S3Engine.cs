namespace Tuner.LocalCloud;

/// <summary>
/// The local S3: <c>local/engine/s3.mjs</c> (s3rver) on 127.0.0.1 and a free port. Clients must use
/// path-style addressing, the credentials <see cref="AccessKey"/>/<see cref="SecretKey"/>, and no aws-chunked
/// uploads (<c>UseChunkEncoding = false</c>; see FACTS.md). Disposal stops the process; objects kept in a
/// temporary folder (no <c>directory</c> given) are removed with it.
/// </summary>
public sealed class S3Engine : IAsyncDisposable
{
    /// <summary>The access key s3rver accepts.</summary>
    public const string AccessKey = "S3RVER";

    /// <summary>The secret key s3rver accepts.</summary>
    public const string SecretKey = "S3RVER";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly EngineProcess _process;

    private S3Engine(EngineProcess process)
    {
        _process = process;
        ServiceUrl = new Uri($"http://127.0.0.1:{process.Port}");
        Directory = process.Ready.TryGetProperty("directory", out var dir) ? dir.GetString() ?? string.Empty : string.Empty;
    }

    /// <summary>The port s3rver listens on.</summary>
    public int Port => _process.Port;

    /// <summary><c>http://127.0.0.1:{port}</c>: the value for <c>AWS_ENDPOINT_URL_S3</c>.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>The folder holding the objects.</summary>
    public string Directory { get; }

    /// <summary>The engine process (for tests that check it is gone after disposal).</summary>
    public EngineProcess Process => _process;

    /// <summary>
    /// Starts s3rver. <paramref name="directory"/> keeps objects across runs (default: a temporary folder removed on
    /// exit); <paramref name="buckets"/> are created before the ready line.
    /// </summary>
    public static async Task<S3Engine> StartAsync(
        NodeRuntime runtime,
        string? directory = null,
        IEnumerable<string>? buckets = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var arguments = new List<string>();
        if (!string.IsNullOrEmpty(directory))
        {
            arguments.Add("--dir");
            arguments.Add(Path.GetFullPath(directory));
        }

        foreach (var bucket in buckets ?? [])
        {
            arguments.Add("--bucket");
            arguments.Add(bucket);
        }

        var process = await runtime.StartAsync("s3.mjs", arguments, environment: null, ReadyTimeout, cancellationToken);
        return new S3Engine(process);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
