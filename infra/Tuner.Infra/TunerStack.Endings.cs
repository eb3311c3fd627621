using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.StepFunctions;
using Tuner.Contracts;
using Tuner.Infra.Components;
using Tuner.Infra.Security;
using Tuner.Infra.Settings;
using Tuner.Infra.Workflow;

namespace Tuner.Infra;

/// <summary>Cleanup on every ending: the status-change rule that runs the Cleaner for ABORTED, TIMED_OUT and FAILED executions, the janitor and its schedule, and the scheduled jobs.</summary>
public sealed partial class TunerStack
{
    /// <summary>How often the janitor runs.</summary>
    public const string JanitorSchedule = "rate(1 hour)";

    // StopExecution, the execution's TimeoutSeconds and States.DataLimitExceeded end a run without any Catch: Step
    // Functions' status-change event (https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html, read
    // 2026-12-01) is the documented hook. The run id is the execution name ($$.Execution.Name in the ASL). The Cleaner
    // is idempotent, so a FAILED run whose in-workflow Cleaner already ran is cleaned twice, harmlessly.
    private Rule CreateRunEndedRule() => new(this, "CleanUpEndedRuns", new RuleProps
    {
        Description = $"Runs Tuner's Cleaner for every execution that ends {string.Join(", ", _endedStatuses[..^1])} or {_endedStatuses[^1]}",
        EventPattern = new EventPattern
        {
            Source = ["aws.states"],
            DetailType = ["Step Functions Execution Status Change"],
            Detail = new Dictionary<string, object>
            {
                ["stateMachineArn"] = new[] { StateMachine.StateMachineArn },
                ["status"] = _endedStatuses,
            },
        },
        Targets =
        [
            new LambdaFunction(Cleaner.Function, new LambdaFunctionProps
            {
                Event = RuleTargetInput.FromObject(new Dictionary<string, object>
                {
                    ["runId"] = EventField.FromPath("$.detail.name"),
                    ["outcome"] = EventField.FromPath("$.detail.status"),
                }),
                RetryAttempts = 8,
                MaxEventAge = Duration.Hours(12),
            }),
        ],
    });

    private TunerFunction CreateJanitor(TunerSettings settings)
    {
        var janitor = new TunerFunction(this, TunerFunctions.Janitor.Name, new TunerFunctionProps(
            TunerFunctions.Janitor.Handler,
            settings.FunctionsCodeDirectory,
            "Tuner janitor: deletes the versions of ended runs",
            TunerFunctions.Janitor.MemoryMb,
            TunerFunctions.Janitor.TimeoutSeconds(_ => null),
            new Dictionary<string, string>
            {
                [TunerEnvironment.Mode] = "aws",
                [TunerEnvironment.Bucket] = Bucket.BucketName,
                [TunerEnvironment.StateMachineArn] = StateMachine.StateMachineArn,
                [TunerEnvironment.ControlPlaneRequestsPerSecond] = settings.ControlPlaneRequestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            settings.LogRetentionDays));
        var tuning = new TuningAccess(this, settings.AllowedFunctionArns);
        foreach (var statement in tuning.SweepStatements().Concat(tuning.OwnFunctionDenies()))
        {
            janitor.Role.AddToPolicy(statement);
        }

        Amazon.CDK.Tags.Of(janitor.Function).Add(TunerFunctions.ComponentTagKey, TunerFunctions.Janitor.Name);

        janitor.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ListRunsOfTheStateMachine",
            Actions = ["states:ListExecutions"],
            Resources = [StateMachine.StateMachineArn],
        }));
        janitor.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "DescribeRunsOfTheStateMachine",
            Actions = ["states:DescribeExecution"],
            Resources = [ExecutionsArnPattern],
        }));
        janitor.Role.AddToPolicy(ObjectAccess("ReadPlans", ["s3:GetObject"], BucketKeys.Patterns.InEveryRun(BucketKeys.PlanFile)));
        janitor.Role.AddToPolicy(ListPrefixes("ListRuns", BucketKeys.Patterns.EveryRun));
        _ = new Rule(this, "JanitorSchedule", new RuleProps
        {
            Description = "Tuner janitor: deletes the versions of ended runs that no Cleaner removed",
            Schedule = Schedule.Expression(JanitorSchedule),
            Targets = [new LambdaFunction(janitor.Function)],
        });
        return janitor;
    }

    private void AddSchedule(ScheduledJob job, string repositoryRoot)
    {
        var request = RequestInput.Load(Path.Combine(repositoryRoot, job.RequestFile));
        _ = new Rule(this, "Schedule-" + job.Name, new RuleProps
        {
            Description = $"Tuner job '{job.Name}' ({job.RequestFile})",
            Schedule = Schedule.Expression(job.ScheduleExpression),
            Targets = [new SfnStateMachine(StateMachine, new SfnStateMachineProps { Input = RuleTargetInput.FromObject(request) })],
        });
    }
}
