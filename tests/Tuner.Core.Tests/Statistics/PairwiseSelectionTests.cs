using Tuner.Core.Statistics;

namespace Tuner.Core.Tests.Statistics;

public sealed class PairwiseSelectionTests
{
    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(2, 7, 1)]
    [InlineData(13, 5, 2)]
    [InlineData(40, 40, 3)]
    [InlineData(97, 31, 4)]
    public void Differences_EveryRank_EqualsTheFullySortedDifferences(int n, int m, int seed)
    {
        var random = new Random(seed);
        var x = Draw(random, n, ties: seed % 2 == 0);
        var y = Draw(random, m, ties: seed % 2 == 0);
        var sorted = x.SelectMany(a => y.Select(b => a - b)).Order().ToArray();

        var selected = PairwiseSelection.Differences(x, y, [.. Enumerable.Range(0, sorted.Length)]);

        Assert.Equal(sorted, selected);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(11, 2)]
    [InlineData(60, 3)]
    [InlineData(150, 4)]
    public void WalshAverages_EveryRank_EqualsTheFullySortedAverages(int n, int seed)
    {
        var random = new Random(seed);
        var v = Draw(random, n, ties: seed % 2 == 0);
        var sorted = Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(i, n - i).Select(j => (v[i] + v[j]) / 2)).Order().ToArray();

        var selected = PairwiseSelection.WalshAverages(v, [.. Enumerable.Range(0, sorted.Length)]);

        Assert.Equal(sorted, selected);
    }

    [Fact]
    public void Differences_AllValuesEqual_IsThatDifference()
    {
        var selected = PairwiseSelection.Differences([3.0, 3.0, 3.0, 3.0], [1.0, 1.0, 1.0], [0, 5, 11]);

        Assert.Equal([2.0, 2.0, 2.0], selected);
    }

    [Fact]
    public void Differences_RankOutsideThePairs_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PairwiseSelection.Differences([1.0, 2.0], [1.0], [2]));

    /// <summary>Log-normal values, or values rounded to a few levels so that many pairs tie.</summary>
    private static double[] Draw(Random random, int count, bool ties) =>
        [.. Enumerable.Range(0, count).Select(_ => ties ? Math.Round(random.NextDouble() * 4) : Math.Exp(random.NextDouble() * 3))];
}
