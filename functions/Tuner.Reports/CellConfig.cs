using System.Text;
using System.Text.RegularExpressions;
using Tuner.Core.Reports;

namespace Tuner.Reports;

/// <summary>Names a cell's configuration for people ("1024 MB · batch 25 · 4 parallel") and matches configurations across runs.</summary>
internal static partial class CellConfig
{
    /// <summary>The non-memory part: batch size, parallelism and other knobs ("as deployed" when the cell sets none).</summary>
    public static string Knobs(int? batchSize, int? parallelism, IReadOnlyDictionary<string, string>? env)
    {
        var sb = new StringBuilder();
        if (batchSize is { } b)
        {
            sb.Append("batch ").Append(b);
        }

        if (parallelism is { } p)
        {
            if (sb.Length > 0)
            {
                sb.Append(" · ");
            }

            sb.Append(p).Append(" parallel");
        }

        if (env is not null)
        {
            foreach (var kv in env.Where(kv => !kv.Key.StartsWith("TUNER_DDB_", StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (sb.Length > 0)
                {
                    sb.Append(" · ");
                }

                sb.Append(kv.Key).Append('=').Append(kv.Value);
            }
        }

        return sb.Length == 0 ? "as deployed" : sb.ToString();
    }

    public static string Knobs(CellReport cell) => Knobs(cell.BatchSize, cell.Parallelism, cell.Env);

    public static string Full(CellReport cell) => cell.MemoryMb + " MB · " + Knobs(cell);

    /// <summary>True when two cells measured the same configuration (memory, batch, parallelism, knobs).</summary>
    public static bool SameConfiguration(CellReport a, CellReport b) =>
        a.MemoryMb == b.MemoryMb && a.BatchSize == b.BatchSize && a.Parallelism == b.Parallelism
        && string.Equals(Knobs(a), Knobs(b), StringComparison.Ordinal);

    /// <summary>
    /// Reads memory, batch size and parallelism back from a planned cell id (<c>t0-m512-b25-p4-e1a2b3c4</c>): failed
    /// cells carry only their id in the report model.
    /// </summary>
    public static (int MemoryMb, int? BatchSize, int? Parallelism)? FromId(string cellId)
    {
        var m = CellIdPattern().Match(cellId);
        if (!m.Success)
        {
            return null;
        }

        static int? Group(Match match, string name) =>
            match.Groups[name].Success ? int.Parse(match.Groups[name].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) : null;

        return (Group(m, "m")!.Value, Group(m, "b"), Group(m, "p"));
    }

    [GeneratedRegex(@"-m(?<m>\d{2,5})(?:-b(?<b>\d{1,3}))?(?:-p(?<p>\d{1,4}))?(?:-|$)", RegexOptions.CultureInvariant)]
    private static partial Regex CellIdPattern();
}
