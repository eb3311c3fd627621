namespace Tuner.TestTargets;

/// <summary>Always fails with an InvalidOperationException, after writing a log line.</summary>
public sealed class Fail
{
    public Task<Stream> Handle(Stream input)
    {
        Console.WriteLine("about to fail");
        throw new InvalidOperationException("boom");
    }
}
