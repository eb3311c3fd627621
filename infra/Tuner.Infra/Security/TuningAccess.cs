using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Tuner.Contracts;

namespace Tuner.Infra.Security;

/// <summary>The IAM statements that say which Lambda functions Tuner may touch: those tagged
/// <c>tuner:allow</c> = <c>true</c>, plus an explicit list of ARNs. Versions may be deleted, functions never
/// (<c>lambda:DeleteFunction</c> only on qualified ARNs <c>…:function:name:version</c>). Tuner's own functions never,
/// whatever their tags or the allow-list say: an explicit Deny on functions tagged <c>tuner:component</c> and on the
/// stack's generated function names (<c>&lt;stack name&gt;-…</c>).</summary>
public sealed class TuningAccess
{
    /// <summary>The tag a function must carry to be tuned.</summary>
    public const string AllowTagKey = "tuner:allow";

    /// <summary>The tag value that allows tuning.</summary>
    public const string AllowTagValue = "true";

    /// <summary>The tag on each of Tuner's own functions (value: its state), which the Deny and the Planner refuse.</summary>
    public const string ComponentTagKey = TunerFunctions.ComponentTagKey;

    /// <summary>What the Planner and the Cleaner need on a target besides deleting versions: read and change its
    /// configuration, publish versions, manage aliases, read tags.</summary>
    public static IReadOnlyList<string> ConfigurationActions { get; } =
    [
        "lambda:GetFunction",
        "lambda:GetFunctionConfiguration",
        "lambda:UpdateFunctionConfiguration",
        "lambda:PublishVersion",
        "lambda:ListVersionsByFunction",
        "lambda:CreateAlias",
        "lambda:DeleteAlias",
        "lambda:ListTags",
    ];

    private readonly string _stackFunctions;
    private readonly string _anyFunction;
    private readonly string _anyVersion;
    private readonly IReadOnlyList<string> _allowedArns;

    /// <summary>Statements for functions in <paramref name="stack"/>'s account and region, plus <paramref name="allowedArns"/>.</summary>
    public TuningAccess(Stack stack, IReadOnlyList<string> allowedArns)
    {
        _anyFunction = stack.FormatArn(new ArnComponents
        {
            Service = "lambda",
            Resource = "function",
            ResourceName = "*",
            ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
        });
        _anyVersion = _anyFunction + ":*";
        // CloudFormation names a function without an explicit name "<stack name>-<logical id>-<suffix>".
        _stackFunctions = stack.FormatArn(new ArnComponents
        {
            Service = "lambda",
            Resource = "function",
            ResourceName = stack.StackName + "-*",
            ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
        });
        _allowedArns = allowedArns;
    }

    /// <summary>Statements for the Planner and the Cleaner.</summary>
    public IEnumerable<PolicyStatement> ChangeStatements()
    {
        yield return Tagged("TuneTaggedFunctions", ConfigurationActions, _anyFunction, _anyVersion);
        yield return Tagged("DeleteVersionsOfTaggedFunctions", ["lambda:DeleteFunction"], _anyVersion);
        if (_allowedArns.Count > 0)
        {
            yield return Listed("TuneListedFunctions", ConfigurationActions, [.. _allowedArns, .. Versions()]);
            yield return Listed("DeleteVersionsOfListedFunctions", ["lambda:DeleteFunction"], [.. Versions()]);
        }
    }

    /// <summary>Statements for the janitor: list versions and delete them, nothing else.</summary>
    public IEnumerable<PolicyStatement> SweepStatements()
    {
        yield return Tagged("ListVersionsOfTaggedFunctions", ["lambda:ListVersionsByFunction"], _anyFunction);
        yield return Tagged("DeleteVersionsOfTaggedFunctions", ["lambda:DeleteFunction"], _anyVersion);
        if (_allowedArns.Count > 0)
        {
            yield return Listed("ListVersionsOfListedFunctions", ["lambda:ListVersionsByFunction"], [.. _allowedArns]);
            yield return Listed("DeleteVersionsOfListedFunctions", ["lambda:DeleteFunction"], [.. Versions()]);
        }
    }

    /// <summary>Statements for the Executor: invoke, nothing else.</summary>
    public IEnumerable<PolicyStatement> InvokeStatements()
    {
        yield return Tagged("InvokeTaggedFunctions", ["lambda:InvokeFunction"], _anyFunction, _anyVersion);
        if (_allowedArns.Count > 0)
        {
            yield return Listed("InvokeListedFunctions", ["lambda:InvokeFunction"], [.. _allowedArns, .. Versions()]);
        }
    }

    /// <summary>
    /// Explicit Denies for every role that touches targets: no change, version, alias or invocation of Tuner's own
    /// functions (tagged <see cref="ComponentTagKey"/>, or named after the stack), which an allow-list entry or a
    /// <c>tuner:allow</c> tag would otherwise grant — a Deny wins over any Allow.
    /// </summary>
    public IEnumerable<PolicyStatement> OwnFunctionDenies()
    {
        string[] actions = [.. ConfigurationActions, "lambda:DeleteFunction", "lambda:InvokeFunction"];
        yield return new PolicyStatement(new PolicyStatementProps
        {
            Sid = "DenyTunerComponentsByTag",
            Effect = Effect.DENY,
            Actions = actions,
            Resources = [_anyFunction, _anyVersion],
            Conditions = new Dictionary<string, object>
            {
                ["Null"] = new Dictionary<string, object> { ["aws:ResourceTag/" + ComponentTagKey] = "false" },
            },
        });
        yield return new PolicyStatement(new PolicyStatementProps
        {
            Sid = "DenyTunerComponentsByName",
            Effect = Effect.DENY,
            Actions = actions,
            Resources = [_stackFunctions, _stackFunctions + ":*"],
        });
    }

    private IEnumerable<string> Versions() => _allowedArns.Select(arn => arn + ":*");

    private static PolicyStatement Tagged(string sid, IReadOnlyList<string> actions, params string[] resources) => new(new PolicyStatementProps
    {
        Sid = sid,
        Effect = Effect.ALLOW,
        Actions = [.. actions],
        Resources = resources,
        Conditions = new Dictionary<string, object>
        {
            ["StringEquals"] = new Dictionary<string, object> { ["aws:ResourceTag/" + AllowTagKey] = AllowTagValue },
        },
    });

    private static PolicyStatement Listed(string sid, IReadOnlyList<string> actions, string[] resources) => new(new PolicyStatementProps
    {
        Sid = sid,
        Effect = Effect.ALLOW,
        Actions = [.. actions],
        Resources = resources,
    });
}
