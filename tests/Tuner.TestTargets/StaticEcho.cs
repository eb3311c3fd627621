namespace Tuner.TestTargets;

/// <summary>Returns its input: a static, synchronous <c>Stream Handle(Stream)</c>.</summary>
public static class StaticEcho
{
    public static Stream Handle(Stream input)
    {
        var copy = new MemoryStream();
        input.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}
