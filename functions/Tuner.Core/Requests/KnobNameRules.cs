using System.Text.RegularExpressions;
using Tuner.Contracts;
using Tuner.Core.Planning;

namespace Tuner.Core.Requests;

/// <summary>
/// Which environment variable names a request may vary (<c>targets[i].env</c>): Lambda's name rule, no reserved or
/// <c>dynamoDbBatch</c> names, nothing that loads or redirects code, none of Tuner's own settings.
/// </summary>
internal static partial class KnobNameRules
{
    /// <summary>Why <paramref name="name"/> cannot be a knob, or null when it can.</summary>
    public static string? Refusal(string name)
    {
        if (!EnvNameRegex().IsMatch(name))
        {
            return "is not a valid environment variable name";
        }

        if (name.StartsWith(TunerEnvironment.DynamoDbBatch.Prefix, StringComparison.Ordinal))
        {
            return "is set through dynamoDbBatch, not env";
        }

        if (RequestLimits.ReservedEnvPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return "is reserved by Lambda";
        }

        if (RequestLimits.CodeLoadingEnvNames.Contains(name, StringComparer.OrdinalIgnoreCase)
            || RequestLimits.CodeLoadingEnvPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            return "loads or redirects code in the runtime: Tuner never varies it";
        }

        if (name == ColdStartVersions.Variable)
        {
            return "is set by Tuner on each version it publishes in cold mode, not a knob";
        }

        return RequestLimits.TunerSettingNames.Contains(name, StringComparer.Ordinal) ? "is a setting of Tuner's own functions, not a knob" : null;
    }

    [GeneratedRegex(RequestLimits.EnvNamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex EnvNameRegex();
}
