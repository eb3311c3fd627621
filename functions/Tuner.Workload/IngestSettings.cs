using Tuner.Contracts;

namespace Tuner.Workload;

/// <summary>
/// The ingest function's settings besides the writer's: the table, the CPU cost per event
/// (<see cref="WorkFactor"/>: PBKDF2-SHA256 iterations used to pseudonymize each user id; 2,000 ≈ 1–1.5 ms of one
/// vCPU), and whether to create the table on first use.
/// </summary>
public sealed record IngestSettings(string TableName, int WorkFactor = IngestSettings.DefaultWorkFactor, bool CreateTable = false)
{
    /// <summary>Environment variable naming the table.</summary>
    public const string TableNameVariable = TunerEnvironment.Workload.TableName;

    /// <summary>Environment variable overriding <see cref="WorkFactor"/>.</summary>
    public const string WorkFactorVariable = TunerEnvironment.Workload.WorkFactor;

    /// <summary>Environment variable: <c>true</c> makes the function create its table on first use (local runs).</summary>
    public const string CreateTableVariable = TunerEnvironment.Workload.CreateTable;

    /// <summary>Default PBKDF2 iterations per event.</summary>
    public const int DefaultWorkFactor = 2000;

    /// <summary>Reads the settings once, in the function's composition root.</summary>
    public static IngestSettings FromEnvironment(Func<string, string?> readVariable)
    {
        ArgumentNullException.ThrowIfNull(readVariable);
        var table = readVariable(TableNameVariable);
        if (string.IsNullOrWhiteSpace(table))
        {
            throw new InvalidOperationException($"{TableNameVariable} is not set: the ingest function needs the name of its DynamoDB table");
        }

        var workFactor = DefaultWorkFactor;
        var text = readVariable(WorkFactorVariable);
        if (!string.IsNullOrWhiteSpace(text)
            && (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out workFactor) || workFactor < 1))
        {
            throw new InvalidOperationException($"{WorkFactorVariable}: '{text}' is not a positive integer");
        }

        var create = string.Equals(readVariable(CreateTableVariable), "true", StringComparison.OrdinalIgnoreCase);
        return new IngestSettings(table.Trim(), workFactor, create);
    }
}
