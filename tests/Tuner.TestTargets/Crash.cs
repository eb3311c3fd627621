namespace Tuner.TestTargets;

/// <summary>Ends its process with exit code 3 mid-invocation (a crashed runtime must never hang the caller).</summary>
public sealed class Crash
{
    public Task<Stream> Handle(Stream input)
    {
        Console.WriteLine("crashing");
        Environment.Exit(3);
        return Task.FromResult<Stream>(new MemoryStream());
    }
}
