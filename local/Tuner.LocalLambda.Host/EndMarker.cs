namespace Tuner.LocalLambda.Host;

/// <summary>
/// The line the host writes to its output after an invocation's last log line, so the service knows the function's
/// log for that request is complete (stdout is a pipe: the response can arrive before the last lines). The service
/// strips it from the log. One definition for both sides: the host writes <see cref="Line"/>, the service reads with
/// <see cref="TryFind"/>.
/// </summary>
public static class EndMarker
{
    /// <summary>Starts the marker: a record separator (never in a log line a person writes) and a fixed word.</summary>
    public const string Prefix = "\u001eTUNER-END ";

    private const char End = '\u001e';

    /// <summary>The marker line for <paramref name="requestId"/>.</summary>
    public static string Line(string requestId) => Prefix + requestId + End;

    /// <summary>
    /// Finds a marker in <paramref name="line"/> (the function may have written text before it without a newline):
    /// <paramref name="before"/> is that text, <paramref name="requestId"/> the marker's request.
    /// </summary>
    public static bool TryFind(string line, out string before, out string requestId)
    {
        ArgumentNullException.ThrowIfNull(line);
        var at = line.IndexOf(Prefix, StringComparison.Ordinal);
        if (at < 0)
        {
            before = line;
            requestId = string.Empty;
            return false;
        }

        before = line[..at];
        requestId = line[(at + Prefix.Length)..].TrimEnd(End);
        return true;
    }
}
