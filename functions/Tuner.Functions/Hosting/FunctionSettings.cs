using System.Collections;

namespace Tuner.Functions.Hosting;

/// <summary>
/// The handlers' settings, read once from the environment by the composition root:
/// <c>TUNER_BUCKET</c> (required), <c>TUNER_MODE</c> (<c>aws</c> | <c>local</c>, default aws), <c>AWS_REGION</c>,
/// <c>TUNER_ALLOWED_FUNCTIONS</c> (comma-separated names or ARNs that may be tuned without the <c>tuner:allow</c> tag),
/// <c>TUNER_SIGNING_KEY_ID</c> (KMS key: AWS signing) or <c>TUNER_LOCAL_KEY_PATH</c>/<c>TUNER_HOME</c> (local key file).
/// </summary>
public sealed record FunctionSettings(
    string Bucket,
    string Mode,
    string Region,
    IReadOnlySet<string> AllowedFunctions,
    string? SigningKeyId,
    string? LocalKeyPath,
    string? TunerHome)
{
    public const string AwsMode = "aws";
    public const string LocalMode = "local";

    /// <summary>True in the local run (one cell at a time unless the request says otherwise).</summary>
    public bool IsLocal => Mode == LocalMode;

    /// <summary>Reads the process environment.</summary>
    public static FunctionSettings FromEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                variables[key] = value;
            }
        }

        return FromVariables(variables);
    }

    /// <summary>Reads the given variables (tests, and <see cref="FromEnvironment"/>).</summary>
    public static FunctionSettings FromVariables(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        string? Get(string name) => variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var bucket = Get("TUNER_BUCKET") ?? throw new InvalidOperationException("TUNER_BUCKET is not set: the functions need the bucket that holds samples and reports");
        var mode = (Get("TUNER_MODE") ?? AwsMode).ToLowerInvariant();
        if (mode is not (AwsMode or LocalMode))
        {
            throw new InvalidOperationException($"TUNER_MODE '{mode}' must be '{AwsMode}' or '{LocalMode}'");
        }

        var allowed = (Get("TUNER_ALLOWED_FUNCTIONS") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        return new FunctionSettings(
            bucket,
            mode,
            Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION") ?? "us-east-1",
            allowed,
            Get("TUNER_SIGNING_KEY_ID"),
            Get("TUNER_LOCAL_KEY_PATH"),
            Get("TUNER_HOME"));
    }
}
