using Tuner.LocalLambda.Host;

namespace Tuner.LocalLambda.Tests.Host;

public sealed class EndMarkerTests
{
    [Fact]
    public void TryFind_TheHostsLine_GivesItsRequestId()
    {
        Assert.True(EndMarker.TryFind(EndMarker.Line("req-7"), out var before, out var requestId));

        Assert.Equal(string.Empty, before);
        Assert.Equal("req-7", requestId);
    }

    [Fact]
    public void TryFind_TextTheFunctionWroteWithoutANewline_IsKeptAsTheTextBefore()
    {
        Assert.True(EndMarker.TryFind("progress: 99%" + EndMarker.Line("req-8"), out var before, out var requestId));

        Assert.Equal("progress: 99%", before);
        Assert.Equal("req-8", requestId);
    }

    [Fact]
    public void TryFind_AnOrdinaryLogLine_IsNoMarker()
    {
        Assert.False(EndMarker.TryFind("TUNER-END req-9 written by the function", out var before, out _));

        Assert.Equal("TUNER-END req-9 written by the function", before);
    }
}
