using System.Collections;
using System.Globalization;
using Constructs;
using Tuner.Contracts;

namespace Tuner.Infra.Settings;

/// <summary>Reads Tuner's <c>tuner:*</c> keys from the CDK context (cdk.json through the CLI, or
/// <c>AppProps.Context</c> in tests) and checks them, reporting every problem at once.</summary>
public sealed class ContextReader
{
    /// <summary>Context key: the CloudFormation stack name (default <c>Tuner</c>).</summary>
    public const string StackNameKey = "tuner:stackName";

    /// <summary>Context key: a list of <c>{name, cron, requestFile}</c>.</summary>
    public const string SchedulesKey = "tuner:schedules";

    /// <summary>Context key: a list of unqualified Lambda function ARNs allowed for tuning.</summary>
    public const string AllowedFunctionArnsKey = "tuner:allowedFunctionArns";

    /// <summary>Context key: days before raw samples expire.</summary>
    public const string SampleRetentionDaysKey = "tuner:sampleRetentionDays";

    /// <summary>Context key: CloudWatch Logs retention in days.</summary>
    public const string LogRetentionDaysKey = "tuner:logRetentionDays";

    /// <summary>Context key: the ASL file, relative to the repository root.</summary>
    public const string StateMachineFileKey = "tuner:stateMachineFile";

    /// <summary>Context key: where <c>dotnet publish</c> puts the Lambda packages, relative to the repository root.</summary>
    public const string PublishDirectoryKey = "tuner:publishDir";

    /// <summary>Context key of the ceiling on invocations at once per run.</summary>
    public const string MaxConcurrentInvocationsKey = "tuner:maxConcurrentInvocationsPerRun";

    /// <summary>Context key of the ceiling on one run's estimated cost (USD).</summary>
    public const string MaxUsdPerRunKey = "tuner:maxUsdPerRun";

    /// <summary>Context key of the Lambda control-plane calls per second each Tuner function allows itself (1 to 12).</summary>
    public const string ControlPlaneRequestsPerSecondKey = "tuner:controlPlaneRequestsPerSecond";

    /// <summary>Context key of the budget (USD) of a request without one.</summary>
    public const string DefaultBudgetUsdKey = "tuner:defaultBudgetUsd";

    private static readonly System.Text.RegularExpressions.Regex _jobName = new("^[A-Za-z][A-Za-z0-9-]{0,63}$");
    private static readonly System.Text.RegularExpressions.Regex _functionArn =
        new(@"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}$");

    private readonly Node _node;
    private readonly string _repositoryRoot;
    private readonly List<string> _problems = [];

    /// <summary>Reads from <paramref name="node"/>'s context; relative paths resolve against <paramref name="repositoryRoot"/>.</summary>
    public ContextReader(Node node, string repositoryRoot)
    {
        _node = node;
        _repositoryRoot = repositoryRoot;
    }

    /// <summary>The stack name.</summary>
    public string StackName() => String(StackNameKey) ?? "Tuner";

    /// <summary>The absolute folder the Lambda packages are published to.</summary>
    public string PublishDirectory() => Path.GetFullPath(Path.Combine(_repositoryRoot, String(PublishDirectoryKey) ?? "artifacts/lambda"));

    /// <summary>Builds the settings, or throws one exception naming every invalid context value.</summary>
    /// <exception cref="InvalidOperationException">A context value is malformed or names a missing file.</exception>
    public TunerSettings Read(string functionsCodeDirectory, string workloadCodeDirectory)
    {
        _problems.Clear();
        var stateMachineFile = Path.GetFullPath(Path.Combine(_repositoryRoot, String(StateMachineFileKey) ?? "statemachine/tuner.asl.json"));
        var settings = new TunerSettings(
            _repositoryRoot,
            stateMachineFile,
            functionsCodeDirectory,
            workloadCodeDirectory,
            Schedules(),
            AllowedFunctionArns(),
            PositiveInt(SampleRetentionDaysKey, 30),
            PositiveInt(LogRetentionDaysKey, 30))
        {
            MaxConcurrentInvocationsPerRun = PositiveInt(MaxConcurrentInvocationsKey, 200),
            MaxUsdPerRun = PositiveNumber(MaxUsdPerRunKey, 50),
            DefaultBudgetUsd = PositiveNumber(DefaultBudgetUsdKey, 10),
            ControlPlaneRequestsPerSecond = ControlPlaneRate(),
        };
        if (_problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid cdk.json context:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", _problems));
        }

        return settings;
    }

    private List<ScheduledJob> Schedules()
    {
        var jobs = new List<ScheduledJob>();
        var raw = _node.TryGetContext(SchedulesKey);
        if (raw is null)
        {
            return jobs;
        }

        if (raw is not IEnumerable list || raw is string)
        {
            _problems.Add($"{SchedulesKey}: expected a list of {{name, cron, requestFile}}");
            return jobs;
        }

        var index = 0;
        foreach (var item in list)
        {
            var path = $"{SchedulesKey}[{index++}]";
            if (item is not IDictionary<string, object> job)
            {
                _problems.Add($"{path}: expected an object {{name, cron, requestFile}}");
                continue;
            }

            var name = job.TryGetValue("name", out var n) ? n as string : null;
            var cron = job.TryGetValue("cron", out var c) ? c as string : null;
            var requestFile = job.TryGetValue("requestFile", out var r) ? r as string : null;
            if (name is null || !_jobName.IsMatch(name))
            {
                _problems.Add($"{path}.name: '{name}' must be letters, digits and dashes, starting with a letter");
            }
            else if (jobs.Exists(j => j.Name == name))
            {
                _problems.Add($"{path}.name: '{name}' is used by another schedule");
            }

            if (string.IsNullOrWhiteSpace(cron) || cron.Trim().Trim(')').Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
            {
                _problems.Add($"{path}.cron: '{cron}' must be an EventBridge cron expression with 6 fields, e.g. 'cron(0 3 ? * MON *)'");
            }

            if (string.IsNullOrWhiteSpace(requestFile))
            {
                _problems.Add($"{path}.requestFile: missing");
            }
            else if (!File.Exists(Path.Combine(_repositoryRoot, requestFile)))
            {
                _problems.Add($"{path}.requestFile: '{requestFile}' does not exist under {_repositoryRoot}");
            }

            if (name is not null && cron is not null && requestFile is not null)
            {
                jobs.Add(new ScheduledJob(name, cron.Trim(), requestFile));
            }
        }

        return jobs;
    }

    private List<string> AllowedFunctionArns()
    {
        var arns = new List<string>();
        var raw = _node.TryGetContext(AllowedFunctionArnsKey);
        if (raw is null)
        {
            return arns;
        }

        if (raw is not IEnumerable list || raw is string)
        {
            _problems.Add($"{AllowedFunctionArnsKey}: expected a list of function ARNs");
            return arns;
        }

        var index = 0;
        foreach (var item in list)
        {
            // Unqualified ARNs only, no wildcards: a pattern here would widen every tuning permission at once.
            if (item is string arn && _functionArn.IsMatch(arn))
            {
                arns.Add(arn);
            }
            else
            {
                _problems.Add($"{AllowedFunctionArnsKey}[{index}]: '{item}' is not an unqualified Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>, no wildcards)");
            }

            index++;
        }

        return arns;
    }

    private int PositiveInt(string key, int fallback)
    {
        var raw = _node.TryGetContext(key);
        switch (raw)
        {
            case null:
                return fallback;
            case string s when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0:
                return parsed;
            case double d when d >= 1 && d == Math.Floor(d) && d <= int.MaxValue:
                return (int)d;
            case int i when i > 0:
                return i;
            default:
                _problems.Add($"{key}: '{raw}' must be a positive whole number");
                return fallback;
        }
    }

    /// <summary>
    /// <see cref="ControlPlaneRequestsPerSecondKey"/>: a whole number from 1 to <see cref="ControlPlaneQuota.MaxRequestsPerSecond"/>
    /// (why: <see cref="ControlPlaneQuota"/>, the account's shared 15 requests/s).
    /// </summary>
    private int ControlPlaneRate()
    {
        const int fallback = ControlPlaneQuota.DefaultRequestsPerSecond, max = ControlPlaneQuota.MaxRequestsPerSecond;
        var raw = _node.TryGetContext(ControlPlaneRequestsPerSecondKey);
        int? value = raw switch
        {
            null => fallback,
            string s when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            double d when d == Math.Floor(d) && d is >= 0 and <= int.MaxValue => (int)d,
            int i => i,
            _ => null,
        };
        if (value is >= 1 and <= max)
        {
            return value.Value;
        }

        _problems.Add($"{ControlPlaneRequestsPerSecondKey}: '{raw}' must be a whole number from 1 to {max}: the account's Lambda control-plane quota is {ControlPlaneQuota.AccountRequestsPerSecond} requests/s, shared with the functions' owners");
        return fallback;
    }

    private decimal PositiveNumber(string key, decimal fallback)
    {
        var raw = _node.TryGetContext(key);
        switch (raw)
        {
            case null:
                return fallback;
            case string s when decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed) && parsed > 0:
                return parsed;
            case double d when d > 0 && d <= int.MaxValue:
                return (decimal)d;
            case int i when i > 0:
                return i;
            default:
                _problems.Add($"{key}: '{raw}' must be a positive number");
                return fallback;
        }
    }

    private string? String(string key) => _node.TryGetContext(key) switch
    {
        null => null,
        string s when s.Length > 0 => s,
        var other => throw new InvalidOperationException($"Invalid cdk.json context: {key}: '{other}' must be a non-empty string"),
    };
}
