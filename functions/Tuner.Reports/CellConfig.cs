using System.Text;
using Tuner.Contracts;
using Tuner.Core.Reports;

namespace Tuner.Reports;

/// <summary>Names a cell's configuration for people ("1024 MB · batch 25 · 4 parallel") and matches configurations across runs.</summary>
internal static class CellConfig
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
            foreach (var kv in env.Where(kv => !kv.Key.StartsWith(TunerEnvironment.DynamoDbBatch.Prefix, StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
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

    /// <summary>A failed cell's configuration (the report carries it; reports older than that field read "see cell id").</summary>
    public static string Full(FailedCell cell) =>
        cell.MemoryMb > 0 ? cell.MemoryMb + " MB · " + Knobs(cell.BatchSize, cell.Parallelism, cell.Env) : "see cell id";

    /// <summary>A recommendation's configuration: "1024 MB · batch 25 · 4 parallel".</summary>
    public static string Full(Tuner.Core.Objectives.Recommendation recommendation) =>
        recommendation.MemoryMb + " MB · " + Knobs(recommendation.BatchSize, recommendation.Parallelism, recommendation.Env);
}
