using System.Globalization;
using System.Text.Json;

namespace Tuner.LocalLambda.Execution;

/// <summary>
/// The error documents Lambda returns for failures the function's code does not report itself — a timeout, a runtime
/// that exited — with Lambda's error types and message shapes (<c>Sandbox.Timedout</c>, <c>Runtime.ExitError</c>,
/// <c>Runtime.OutOfMemory</c>), and the error type of a document a runtime posted.
/// </summary>
internal static class LambdaErrorDocuments
{
    public const string TimedOutType = "Sandbox.Timedout";
    public const string ExitErrorType = "Runtime.ExitError";
    public const string OutOfMemoryType = "Runtime.OutOfMemory";

    /// <summary>The error type a runtime reports when neither its header nor its document names one.</summary>
    public const string UnhandledType = "Unhandled";

    /// <summary><c>{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: … Error: Task timed out after 3.00 seconds"}</c>.</summary>
    public static byte[] TimedOut(string requestId, TimeSpan timeout) =>
        Document(TimedOutType, string.Create(CultureInfo.InvariantCulture, $"RequestId: {requestId} Error: Task timed out after {timeout.TotalSeconds:F2} seconds"));

    /// <summary>
    /// A runtime that exited during an invocation: <c>Runtime.OutOfMemory</c> when the memory limit killed it, else
    /// <c>Runtime.ExitError</c>; the message names the signal (exit codes above 128) or the exit status.
    /// </summary>
    public static byte[] ExitError(string requestId, int exitCode, bool outOfMemory, out string errorType)
    {
        errorType = outOfMemory ? OutOfMemoryType : ExitErrorType;
        var reason = exitCode > 128 ? "signal: " + SignalName(exitCode - 128) : "exit status " + exitCode.ToString(CultureInfo.InvariantCulture);
        return Document(errorType, $"RequestId: {requestId} Error: Runtime exited with error: {reason}");
    }

    /// <summary>Go's names for the signals a runtime dies of, as Lambda's messages print them.</summary>
    public static string SignalName(int signal) => signal switch
    {
        9 => "killed",
        6 => "aborted",
        11 => "segmentation fault",
        15 => "terminated",
        _ => "signal " + signal.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The error type of a document a runtime posted: the <c>Lambda-Runtime-Function-Error-Type</c> header, else the
    /// document's <c>errorType</c>, else <see cref="UnhandledType"/>.
    /// </summary>
    public static string ErrorTypeOf(string? header, byte[] body)
    {
        if (!string.IsNullOrEmpty(header))
        {
            return header;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errorType", out var type) && type.GetString() is { Length: > 0 } named
                ? named
                : UnhandledType;
        }
        catch (JsonException)
        {
            return UnhandledType;
        }
    }

    private static byte[] Document(string errorType, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorType", errorType);
            json.WriteString("errorMessage", message);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
