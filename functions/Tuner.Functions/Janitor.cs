using Tuner.Aws.Http;
using Tuner.Aws.StepFunctions;
using Tuner.Core.Ports;
using Tuner.Functions.Hosting;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;
using Tuner.Contracts;

namespace Tuner.Functions;

/// <summary>
/// The scheduled janitor (an EventBridge schedule, not a state of the workflow): removes the versions described
/// <c>tuner:&lt;runId&gt; …</c> whose run has ended, in case no Cleaner ran (a status-change event is delivered best
/// effort) or one could not finish. It learns the functions from the <c>plan.json</c> of the state machine's newest
/// executions and asks Step Functions whether a version's run has ended; a run it cannot find (another stack's, say)
/// keeps its versions. It never touches <c>$LATEST</c>: restoring a baseline long after a run could revert the owner's
/// later change, and the Cleaner of that run already tried.
/// </summary>
public sealed class Janitor
{
    /// <summary>How many of the newest executions one pass looks at (the schedule runs hourly: a run ends well within them).</summary>
    public const int ExecutionsPerPass = 500;

    private readonly ILambdaApi _lambda;
    private readonly RunStore _store;
    private readonly IStepFunctionsApi _stepFunctions;
    private readonly string _stateMachineArn;

    /// <summary>The Lambda runtime's constructor: dependencies from the environment.</summary>
    public Janitor()
        : this(FunctionServices.Shared)
    {
    }

    private Janitor(FunctionServices services)
        : this(services.Lambda, services.Store, services.StepFunctions, services.Settings.StateMachineArn
            ?? throw new InvalidOperationException($"{FunctionSettings.StateMachineArnVariable} is not set: the janitor asks Step Functions which runs have ended"))
    {
    }

    /// <summary>The test constructor.</summary>
    public Janitor(ILambdaApi lambda, IObjectStore store, IStepFunctionsApi stepFunctions, string stateMachineArn)
    {
        _lambda = lambda;
        _store = new RunStore(store);
        _stepFunctions = stepFunctions;
        _stateMachineArn = stateMachineArn;
    }

    /// <summary>Ignores its input (the scheduled event).</summary>
    public async Task<Stream> Handle(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return HandlerJson.Write(await SweepAsync(CancellationToken.None));
    }

    internal async Task<JanitorOutput> SweepAsync(CancellationToken cancellationToken)
    {
        var executions = await _stepFunctions.ListExecutionsAsync(_stateMachineArn, maxResults: ExecutionsPerPass, cancellationToken: cancellationToken);
        var status = executions.ToDictionary(e => e.Name, e => (ExecutionStatus?)e.Status, StringComparer.Ordinal);
        var functions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var execution in executions)
        {
            if (await _store.FindPlanAsync(execution.Name, cancellationToken) is { } plan)
            {
                functions.UnionWith(plan.Baselines.Select(b => b.FunctionName));
            }
        }

        var deleted = new List<string>();
        var kept = new List<string>();
        foreach (var function in functions)
        {
            IReadOnlyList<FunctionConfiguration> versions;
            try
            {
                versions = await _lambda.ListVersionsByFunctionAsync(function, cancellationToken);
            }
            catch (LambdaApiException e)
            {
                kept.Add($"{function}: listing its versions failed: {e.Message}");
                continue;
            }

            foreach (var version in versions.Where(v => v.Version != "$LATEST"))
            {
                if (VersionTag.RunOf(version.Description) is not { } runId)
                {
                    continue;
                }

                var name = $"{function}:{version.Version}";
                var ended = await HasEndedAsync(runId, status, cancellationToken);
                if (ended is not true)
                {
                    if (ended is null)
                    {
                        kept.Add($"{name}: run {runId} is not an execution of this state machine");
                    }

                    continue;
                }

                try
                {
                    await _lambda.DeleteFunctionVersionAsync(function, version.Version, cancellationToken);
                    deleted.Add(name);
                }
                catch (LambdaApiException e) when (e.IsNotFound)
                {
                    // A Cleaner deleted it first.
                }
                catch (LambdaApiException e)
                {
                    kept.Add($"{name}: deleting it failed: {e.Message}");
                }
            }
        }

        return new JanitorOutput(executions.Count, [.. functions], deleted, kept);
    }

    /// <summary>True when the run's execution has ended, false while it runs, null when Step Functions does not know it.</summary>
    private async Task<bool?> HasEndedAsync(string runId, Dictionary<string, ExecutionStatus?> status, CancellationToken cancellationToken)
    {
        if (!status.TryGetValue(runId, out var known))
        {
            try
            {
                known = (await _stepFunctions.DescribeExecutionAsync(ExecutionArn(runId), cancellationToken)).Status;
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ExecutionDoesNotExist")
            {
                known = null;
            }

            status[runId] = known;
        }

        return known?.IsFinished();
    }

    // arn:aws:states:<region>:<account>:stateMachine:<name> → arn:aws:states:<region>:<account>:execution:<name>:<runId>
    private string ExecutionArn(string runId) =>
        _stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + runId;
}
