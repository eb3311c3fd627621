using Tuner.Cli.Run;
using Tuner.Contracts.States;

namespace Tuner.Cli.Tests.Run;

public sealed class StageWordsTests
{
    [Theory]
    [InlineData(StageKind.FirstPass, "first pass")]
    [InlineData(StageKind.Narrowing, "narrowing")]
    [InlineData(StageKind.Confirmation, "paired confirmation")]
    [InlineData(null, "?")]
    public void Of_Kind_TheProgressLinesWords(StageKind? kind, string words) => Assert.Equal(words, StageWords.Of(kind));
}
