namespace Tuner.Core.Statistics;

/// <summary>
/// Order statistics of pairwise values without forming them: the k-th smallest difference xᵢ − yⱼ of two samples, or
/// the k-th smallest Walsh average (vᵢ + vⱼ) / 2, i ≤ j, of one. Sorted, each is a matrix whose rows and columns
/// ascend, so a random candidate as pivot, counted row by row with binary searches, discards part of the candidates
/// each round — the randomized selection of J. F. Monahan, "Fast computation of the Hodges–Lehmann location
/// estimator", ACM TOMS 10 (1984) — in O((n + m) log n · log(nm)) expected time and O(n + m) memory, where forming
/// and sorting every pair costs O(nm log nm) time and O(nm) memory (160,000 doubles at 400 × 400). The result is
/// the very double the full sort gives: each pair is computed by the same expression, only fewer of them are.
/// </summary>
internal static class PairwiseSelection
{
    /// <summary>The values of <paramref name="ranks"/> (0-based) among the n·m differences xᵢ − yⱼ, in the order asked.</summary>
    public static double[] Differences(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<int> ranks)
    {
        var matrix = new DifferenceMatrix(Sorted(x), Sorted(y));
        return Select(matrix, ranks, (long)x.Length * y.Length);
    }

    /// <summary>The values of <paramref name="ranks"/> (0-based) among the n(n+1)/2 Walsh averages, in the order asked.</summary>
    public static double[] WalshAverages(ReadOnlySpan<double> values, ReadOnlySpan<int> ranks)
    {
        var matrix = new WalshMatrix(Sorted(values));
        return Select(matrix, ranks, (long)values.Length * (values.Length + 1) / 2);
    }

    private static double[] Sorted(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private static double[] Select<TMatrix>(TMatrix matrix, ReadOnlySpan<int> ranks, long count)
        where TMatrix : struct, IAscendingMatrix
    {
        var results = new double[ranks.Length];
        for (var r = 0; r < ranks.Length; r++)
        {
            if (ranks[r] < 0 || ranks[r] >= count)
            {
                throw new ArgumentOutOfRangeException(nameof(ranks), ranks[r], $"a rank must be within the {count} pairs");
            }

            results[r] = Select(matrix, ranks[r]);
        }

        return results;
    }

    /// <summary>
    /// Candidates are [low[i], high[i]) of each row. Every value discarded on the left is at most a pivot below the
    /// answer and every candidate is above that pivot (and symmetrically on the right), so the answer's rank among
    /// the candidates is its rank less the count discarded on the left, and values equal to it are never discarded.
    /// </summary>
    private static double Select<TMatrix>(TMatrix matrix, int rank)
        where TMatrix : struct, IAscendingMatrix
    {
        var rows = matrix.Rows;
        var low = new int[rows];
        var high = new int[rows];
        var below = new int[rows];
        var atMost = new int[rows];
        long candidates = 0;
        for (var i = 0; i < rows; i++)
        {
            low[i] = matrix.First(i);
            high[i] = matrix.End(i);
            candidates += high[i] - low[i];
        }

        long discardedLeft = 0;

        // A fixed seed: the answer does not depend on the pivots, only the time does.
        var state = 0x9E3779B97F4A7C15UL ^ (ulong)rank;
        while (candidates > Math.Max(64, 2L * rows))
        {
            var pivot = Pick(matrix, low, high, NextBelow(ref state, candidates));
            long less = 0, lessOrEqual = 0;
            for (var i = 0; i < rows; i++)
            {
                below[i] = LowerBound(matrix, i, low[i], high[i], pivot);
                atMost[i] = UpperBound(matrix, i, below[i], high[i], pivot);
                less += below[i] - low[i];
                lessOrEqual += atMost[i] - low[i];
            }

            var target = rank - discardedLeft;
            if (target < less)
            {
                candidates = less;
                Array.Copy(below, high, rows);
            }
            else if (target >= lessOrEqual)
            {
                candidates -= lessOrEqual;
                discardedLeft += lessOrEqual;
                Array.Copy(atMost, low, rows);
            }
            else
            {
                return pivot;
            }
        }

        var rest = new double[candidates];
        var k = 0;
        for (var i = 0; i < rows; i++)
        {
            for (var j = low[i]; j < high[i]; j++)
            {
                rest[k++] = matrix.At(i, j);
            }
        }

        Array.Sort(rest);
        return rest[rank - discardedLeft];
    }

    private static double Pick<TMatrix>(TMatrix matrix, int[] low, int[] high, long index)
        where TMatrix : struct, IAscendingMatrix
    {
        for (var i = 0; ; i++)
        {
            var width = high[i] - low[i];
            if (index < width)
            {
                return matrix.At(i, low[i] + (int)index);
            }

            index -= width;
        }
    }

    /// <summary>The first column in [from, to) of row i whose value is not below <paramref name="value"/>.</summary>
    private static int LowerBound<TMatrix>(TMatrix matrix, int i, int from, int to, double value)
        where TMatrix : struct, IAscendingMatrix
    {
        while (from < to)
        {
            var mid = (int)((uint)(from + to) >> 1);
            if (matrix.At(i, mid) < value)
            {
                from = mid + 1;
            }
            else
            {
                to = mid;
            }
        }

        return from;
    }

    /// <summary>The first column in [from, to) of row i whose value is above <paramref name="value"/>.</summary>
    private static int UpperBound<TMatrix>(TMatrix matrix, int i, int from, int to, double value)
        where TMatrix : struct, IAscendingMatrix
    {
        while (from < to)
        {
            var mid = (int)((uint)(from + to) >> 1);
            if (matrix.At(i, mid) <= value)
            {
                from = mid + 1;
            }
            else
            {
                to = mid;
            }
        }

        return from;
    }

    /// <summary>A uniform draw in [0, bound) from a splitmix64 step.</summary>
    private static long NextBelow(ref ulong state, long bound)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (long)(z % (ulong)bound);
    }

    private interface IAscendingMatrix
    {
        int Rows { get; }

        int First(int row);

        int End(int row);

        double At(int row, int column);
    }

    /// <summary>Row i, column j: xᵢ − y₍ₘ₋₁₋ⱼ₎ over ascending x and y, so both rows and columns ascend.</summary>
    private readonly struct DifferenceMatrix(double[] x, double[] y) : IAscendingMatrix
    {
        public int Rows => x.Length;

        public int First(int row) => 0;

        public int End(int row) => y.Length;

        public double At(int row, int column) => x[row] - y[y.Length - 1 - column];
    }

    /// <summary>Row i, column j ≥ i: (vᵢ + vⱼ) / 2 over ascending v.</summary>
    private readonly struct WalshMatrix(double[] v) : IAscendingMatrix
    {
        public int Rows => v.Length;

        public int First(int row) => row;

        public int End(int row) => v.Length;

        public double At(int row, int column) => (v[row] + v[column]) / 2;
    }
}
