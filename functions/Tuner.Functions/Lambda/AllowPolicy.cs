using Tuner.Contracts;
using Tuner.Core.Ports;

namespace Tuner.Functions.Lambda;

/// <summary>
/// Which functions Tuner may change: those tagged <c>tuner:allow</c> = <c>true</c>, and those named (by name or ARN)
/// in the allow-list setting. Everything else is refused before anything is touched. Which environment variables it may
/// vary is the owner's call too: the <c>tuner:knobs</c> tag lists them (space-separated); <c>TUNER_DDB_BATCH_SIZE</c>
/// and <c>TUNER_DDB_PARALLELISM</c> (the <c>dynamoDbBatch</c> knobs) are always allowed. Tuner's own functions (tagged
/// <c>tuner:component</c> by the stack and by the local run) are refused whatever the allow tag or the allow-list say:
/// changing the Planner's environment would run code as the Planner's role.
/// </summary>
internal sealed class AllowPolicy
{
    public const string TagName = "tuner:allow";

    /// <summary>The tag listing the environment variables the owner lets Tuner vary, e.g. <c>CACHE_MB,TABLE_BATCH</c>.</summary>
    public const string KnobsTagName = "tuner:knobs";

    /// <summary>The tag on each of Tuner's own functions (infra's TuningAccess.ComponentTagKey, LocalCloudSession's system functions).</summary>
    public const string ComponentTagName = TunerFunctions.ComponentTagKey;

    private readonly ILambdaApi _lambda;
    private readonly IReadOnlySet<string> _allowList;

    public AllowPolicy(ILambdaApi lambda, IReadOnlySet<string> allowList)
    {
        _lambda = lambda;
        _allowList = allowList;
    }

    /// <summary>
    /// Null when Tuner may change <paramref name="function"/> and vary every name in <paramref name="knobs"/>, otherwise
    /// every reason why not (the function, or each undeclared knob with its field path under <paramref name="path"/>).
    /// </summary>
    public async Task<IReadOnlyList<string>?> CheckAsync(FunctionConfiguration function, IEnumerable<string> knobs, string path, CancellationToken cancellationToken)
    {
        var listed = _allowList.Contains(function.FunctionName) || _allowList.Contains(function.FunctionArn);
        var wanted = knobs.ToList();

        // Read even for an allow-listed function: only the tags tell that it is one of Tuner's own.
        IReadOnlyDictionary<string, string> tags;
        try
        {
            tags = await _lambda.ListTagsAsync(function.FunctionArn, cancellationToken);
        }
        catch (LambdaApiException e) when (IsAccessDenied(e))
        {
            return [$"{path}.function: {DeniedReason(function.FunctionName, "reading its tags", e)}"];
        }

        if (tags.TryGetValue(ComponentTagName, out var component))
        {
            return [$"{path}.function: {function.FunctionName} is Tuner's own {component} function (tag '{ComponentTagName}'): Tuner never tunes itself"];
        }

        var problems = new List<string>();
        if (!listed && !(tags.TryGetValue(TagName, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add($"{path}.function: {function.FunctionName} has no '{TagName}' = 'true' tag and is not in {TunerEnvironment.AllowedFunctions}");
        }

        var declared = DeclaredKnobs(tags);
        foreach (var knob in wanted.Where(k => !declared.Contains(k)))
        {
            problems.Add($"{path}.env.{knob}: not declared in {function.FunctionName}'s '{KnobsTagName}' tag" +
                (declared.Count == 0 ? " (the function declares no knobs)" : $" (it declares {string.Join(", ", declared.Order(StringComparer.Ordinal))})"));
        }

        return problems.Count == 0 ? null : problems;
    }

    /// <summary>
    /// The names in the <c>tuner:knobs</c> tag, case-sensitive like Lambda's variables: separated by spaces (AWS tag values
    /// allow letters, digits, spaces and <c>+ - = . _ : / @</c>, no commas), or by <c>/</c> or <c>,</c>.
    /// </summary>
    public static IReadOnlySet<string> DeclaredKnobs(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.TryGetValue(KnobsTagName, out var list)
            ? list.Split([' ', ',', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>
    /// The Lambda API refused the call (<c>AccessDeniedException</c>/403). On AWS, Tuner's IAM policy only lets it change
    /// functions tagged <c>tuner:allow</c> = <c>true</c> or in the stack's allow-list, so a refusal means "not allowed".
    /// </summary>
    public static bool IsAccessDenied(LambdaApiException error) =>
        error.ErrorCode is "AccessDeniedException" or "AccessDenied" || error.StatusCode == 403;

    /// <summary>Why a function whose <paramref name="operation"/> was refused by the Lambda API is not tuned.</summary>
    public static string DeniedReason(string functionName, string operation, LambdaApiException error) =>
        $"{functionName}: access denied while {operation} ({error.Message}); Tuner may only change functions tagged '{TagName}' = 'true' " +
        $"or in the allow-list ({TunerEnvironment.AllowedFunctions} / the stack's allowed functions): add the tag or the allow-list entry";
}
