using Tuner.LocalStack;

namespace Tuner.IntegrationTests;

/// <summary>The local S3 (s3rver) getter of the shared fixture.</summary>
public sealed partial class LocalEnginesFixture
{
    private S3Engine? _s3;

    /// <summary>s3rver on 127.0.0.1, started on first use and stopped with the fixture.</summary>
    public Task<S3Engine> GetS3Async() => StartOnceAsync(() => _s3, StartS3EngineAsync, engine => _s3 = engine);

    private static async Task<S3Engine> StartS3EngineAsync()
    {
        var runtime = await NodeRuntime.EnsureInstalledAsync(
            NodeRuntime.FindEngineDirectory(Path.Combine(RepoRoot, "local", "engine")), TextWriter.Null);
        return await S3Engine.StartAsync(runtime);
    }
}
