using Tuner.LocalLambda.Execution;
using Tuner.LocalLambda.Host;

namespace Tuner.LocalLambda.Tests.Execution;

public sealed class RuntimeOutputTests
{
    [Fact]
    public void Append_LinesBeforeAnInvocation_GoToTheInitLog()
    {
        var output = new RuntimeOutput();

        output.Append("init: loading");
        _ = output.Begin("req-1");
        output.Append("handling");

        Assert.Equal("init: loading\n", output.InitLog);
        Assert.Equal("handling\n", output.End("req-1", out var begun));
        Assert.True(begun);
    }

    [Fact]
    public void Append_TheInvocationsEndMarker_CompletesItAndIsNotLogged()
    {
        var output = new RuntimeOutput();
        var marker = output.Begin("req-2");

        output.Append("progress: 99%" + EndMarker.Line("req-2"));

        Assert.True(marker.IsCompletedSuccessfully);
        Assert.Equal("progress: 99%\n", output.End("req-2", out _));
    }

    [Fact]
    public void Append_AnotherInvocationsMarker_LeavesTheCurrentOneWaiting()
    {
        var output = new RuntimeOutput();
        var marker = output.Begin("req-4");

        output.Append(EndMarker.Line("req-3"));

        Assert.False(marker.IsCompleted);
        Assert.Equal(string.Empty, output.End("req-4", out _));
    }

    [Fact]
    public void End_AnotherRequestId_GivesNothingAndEndsTheInvocation()
    {
        var output = new RuntimeOutput();
        _ = output.Begin("req-5");
        output.Append("late line");

        Assert.Equal(string.Empty, output.End("req-6", out var begun));
        Assert.True(begun);
        output.Append("between invocations");
        Assert.Equal(string.Empty, output.End("req-5", out var begunAgain));
        Assert.False(begunAgain);
        Assert.Equal("between invocations\n", output.InitLog);
    }

    [Fact]
    public void Append_InitLogOver64Kb_KeepsItsLast32Kb()
    {
        var output = new RuntimeOutput();
        var line = new string('x', 1023);

        for (var i = 0; i < 64; i++)
        {
            output.Append(line);
        }

        Assert.Equal(64 * 1024, output.InitLog.Length);
        output.Append("last");
        Assert.Equal(32 * 1024, output.InitLog.Length);
        Assert.EndsWith("x\nlast\n", output.InitLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PumpAsync_AReader_AppendsEveryLine()
    {
        var output = new RuntimeOutput();
        var marker = output.Begin("req-7");

        await output.PumpAsync(new StringReader("one\ntwo\n" + EndMarker.Line("req-7") + "\n"));

        Assert.True(marker.IsCompletedSuccessfully);
        Assert.Equal("one\ntwo\n", output.End("req-7", out _));
    }
}
