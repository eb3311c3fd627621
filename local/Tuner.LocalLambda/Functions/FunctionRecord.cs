namespace Tuner.LocalLambda.Functions;

/// <summary>The mutable state of one function; only <see cref="FunctionStore"/> touches it, under its lock.</summary>
internal sealed class FunctionRecord
{
    public FunctionRecord(FunctionConfig latest, IReadOnlyDictionary<string, string> tags, int? reservedConcurrency)
    {
        Latest = latest;
        Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        ReservedConcurrency = reservedConcurrency;
    }

    public string Name => Latest.Name;

    /// <summary>The configuration invocations of <c>$LATEST</c> use.</summary>
    public FunctionConfig Latest { get; set; }

    /// <summary>An update being applied (LastUpdateStatus InProgress) and when it completes.</summary>
    public (FunctionConfig Config, DateTimeOffset CompletesAt)? Pending { get; set; }

    public SortedDictionary<int, FunctionConfig> Versions { get; } = [];

    public int NextVersion { get; set; } = 1;

    public Dictionary<string, AliasConfig> Aliases { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Tags { get; }

    public int? ReservedConcurrency { get; set; }

    public int InFlight { get; set; }
}
