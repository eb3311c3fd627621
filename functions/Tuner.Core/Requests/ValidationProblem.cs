namespace Tuner.Core.Requests;

/// <summary>One problem found in input, with the JSON path of the field (<c>targets[0].memoryMb[2]</c>).</summary>
public sealed record ValidationProblem(string Path, string Message)
{
    /// <summary><c>path: message</c>, the form shown to users.</summary>
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
