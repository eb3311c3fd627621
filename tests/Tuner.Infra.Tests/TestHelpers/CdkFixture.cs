namespace Tuner.Infra.Tests.TestHelpers;

/// <summary>The default stack (cdk.json context, test ASL), synthesized once for the collection.</summary>
public sealed class CdkFixture : IDisposable
{
    private readonly Lazy<StackFactory.Synthesized> _default = new(() => StackFactory.Synthesize());

    /// <summary>The default stack.</summary>
    public StackFactory.Synthesized Default => _default.Value;

    /// <summary>Removes this process's jsii temp folder (files still open are fine to unlink on Linux).</summary>
    public void Dispose()
    {
        if (InfraEnvironment.TempFolder is { } temp && Directory.Exists(temp))
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
                // Best effort; it lives under the ignored .tmp/.
            }
        }
    }
}
