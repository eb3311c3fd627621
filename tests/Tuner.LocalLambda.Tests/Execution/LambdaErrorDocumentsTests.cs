using System.Text;
using System.Text.Json;
using Tuner.LocalLambda.Execution;

namespace Tuner.LocalLambda.Tests.Execution;

public sealed class LambdaErrorDocumentsTests
{
    [Fact]
    public void TimedOut_IsLambdasSandboxTimedoutDocument()
    {
        var body = Encoding.UTF8.GetString(LambdaErrorDocuments.TimedOut("req-1", TimeSpan.FromSeconds(3)));

        Assert.Equal("""{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: req-1 Error: Task timed out after 3.00 seconds"}""", body);
    }

    [Theory]
    [InlineData(134, false, "Runtime.ExitError", "signal: aborted")]
    [InlineData(137, true, "Runtime.OutOfMemory", "signal: killed")]
    [InlineData(139, false, "Runtime.ExitError", "signal: segmentation fault")]
    [InlineData(129, false, "Runtime.ExitError", "signal: signal 1")]
    [InlineData(3, false, "Runtime.ExitError", "exit status 3")]
    public void ExitError_NamesTheSignalOrExitStatusAndTheMemoryLimit(int exitCode, bool outOfMemory, string type, string reason)
    {
        var body = LambdaErrorDocuments.ExitError("req-2", exitCode, outOfMemory, out var errorType);

        Assert.Equal(type, errorType);
        using var document = JsonDocument.Parse(body);
        Assert.Equal(type, document.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("RequestId: req-2 Error: Runtime exited with error: " + reason, document.RootElement.GetProperty("errorMessage").GetString());
    }

    [Theory]
    [InlineData("Custom.Header", """{"errorType":"InDocument"}""", "Custom.Header")]
    [InlineData(null, """{"errorType":"InDocument","errorMessage":"x"}""", "InDocument")]
    [InlineData("", """{"errorMessage":"no type"}""", "Unhandled")]
    [InlineData(null, "not json", "Unhandled")]
    [InlineData(null, "[1,2]", "Unhandled")]
    public void ErrorTypeOf_HeaderThenDocumentThenUnhandled(string? header, string body, string expected)
    {
        Assert.Equal(expected, LambdaErrorDocuments.ErrorTypeOf(header, Encoding.UTF8.GetBytes(body)));
    }
}
