using System.Globalization;
using Tuner.Contracts;

namespace Tuner.BatchWriter;

/// <summary>
/// How <see cref="BatchWriter"/> writes: items per BatchWriteItem call, calls in flight, and how long
/// throttled items keep being retried. Build it once in a composition root with
/// <see cref="FromEnvironment"/> (the knob contract: <see cref="TunerEnvironment.DynamoDbBatch"/>)
/// and override in code with <c>with { … }</c>. Precedence: code <c>with</c> &gt; environment &gt; defaults.
/// </summary>
public sealed record BatchWriterOptions
{
    /// <summary>Environment variable holding the batch size (1–25).</summary>
    public const string BatchSizeVariable = TunerEnvironment.DynamoDbBatch.BatchSize;

    /// <summary>Environment variable holding the number of batches in flight (≥ 1).</summary>
    public const string ParallelismVariable = TunerEnvironment.DynamoDbBatch.Parallelism;

    /// <summary>DynamoDB's limit of put/delete requests per BatchWriteItem call.</summary>
    public const int MaxBatchSize = 25;

    /// <summary>Upper bound on parallelism, far above anything useful, to catch typos such as 1000.</summary>
    public const int MaxParallelism = 256;

    /// <summary>Items per BatchWriteItem call, 1–25.</summary>
    public int BatchSize { get; init; } = MaxBatchSize;

    /// <summary>BatchWriteItem calls in flight at once, ≥ 1.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>
    /// How long an item keeps being retried after its first attempt before it is given up and returned as
    /// <see cref="WriteFailureReason.RetryDeadlineExceeded"/>.
    /// </summary>
    public TimeSpan RetryDeadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Cap of the first retry's delay; the k-th retry of an item waits a uniform random time in [0, BaseDelay·2^(k-1)).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Upper bound of any single backoff delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Reads the knob variables through <paramref name="readVariable"/> (pass <c>Environment.GetEnvironmentVariable</c>
    /// in a composition root) on top of <paramref name="defaults"/>. Unset or empty variables keep the default.
    /// </summary>
    /// <exception cref="InvalidBatchWriterOptionsException">A variable is not an integer or is out of range (all problems listed).</exception>
    public static BatchWriterOptions FromEnvironment(Func<string, string?> readVariable, BatchWriterOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(readVariable);
        var options = defaults ?? new BatchWriterOptions();
        var errors = new List<string>();
        if (ReadInt(readVariable, BatchSizeVariable, "1–25", errors) is { } batchSize)
        {
            options = options with { BatchSize = batchSize };
        }

        if (ReadInt(readVariable, ParallelismVariable, $"1–{MaxParallelism}", errors) is { } parallelism)
        {
            options = options with { Parallelism = parallelism };
        }

        errors.AddRange(options.Validate());
        if (errors.Count > 0)
        {
            throw new InvalidBatchWriterOptionsException(errors);
        }

        return options;
    }

    /// <summary>Every problem with these options, each naming its field (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BatchSize is < 1 or > MaxBatchSize)
        {
            errors.Add($"{nameof(BatchSize)}: {BatchSize} is outside 1–{MaxBatchSize} (DynamoDB takes at most 25 items per BatchWriteItem)");
        }

        if (Parallelism is < 1 or > MaxParallelism)
        {
            errors.Add($"{nameof(Parallelism)}: {Parallelism} is outside 1–{MaxParallelism}");
        }

        if (RetryDeadline < TimeSpan.Zero)
        {
            errors.Add($"{nameof(RetryDeadline)}: {RetryDeadline} is negative");
        }

        if (BaseDelay < TimeSpan.Zero)
        {
            errors.Add($"{nameof(BaseDelay)}: {BaseDelay} is negative");
        }

        if (MaxDelay < BaseDelay)
        {
            errors.Add($"{nameof(MaxDelay)}: {MaxDelay} is below {nameof(BaseDelay)} {BaseDelay}");
        }

        return errors;
    }

    private static int? ReadInt(Func<string, string?> readVariable, string name, string range, List<string> errors)
    {
        var text = readVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add($"{name}: '{text}' is not an integer (expected {range})");
            return null;
        }

        return value;
    }
}
