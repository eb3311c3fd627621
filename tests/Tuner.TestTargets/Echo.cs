namespace Tuner.TestTargets;

/// <summary>Returns its input (async instance handler) and logs one line.</summary>
public sealed class Echo
{
    public async Task<Stream> Handle(Stream input)
    {
        var copy = new MemoryStream();
        await input.CopyToAsync(copy);
        Console.WriteLine($"echo {copy.Length} bytes");
        copy.Position = 0;
        return copy;
    }
}
