using System.Text.Json;
using Tuner.Cli.Commands;
using Tuner.Cli.Plan;
using Tuner.Core.Requests;

namespace Tuner.Cli.Run;

/// <summary>
/// What <c>tuner run</c> checks before any engine starts: the request reads, a function registry serves it, and the
/// Planner would accept it (every target found and allowed, the budget kept) — each refusal with every problem and
/// its field path.
/// </summary>
internal static class RunPreCheck
{
    /// <summary>Checks <paramref name="requestFile"/> against the registry (<paramref name="functions"/>, else found beside it).</summary>
    public static async Task<RunPreCheckResult> CheckAsync(FileInfo requestFile, FileInfo? functions, CancellationToken cancellationToken)
    {
        var (requestJson, read) = await RequestFile.ReadAsync(requestFile, cancellationToken).ConfigureAwait(false);
        if (!read.IsValid)
        {
            return RunPreCheckResult.Refused(read.Problems, requestFile.Exists ? "is not a valid tuning request" : "cannot be read");
        }

        var registry = RequestFile.FindRegistry(functions, requestFile);
        if (registry is null)
        {
            return RunPreCheckResult.Refused(
                [new(string.Empty, $"no function registry: pass --functions tuner.local.json (looked beside {requestFile.Name} and in the current folder)")], "cannot be run");
        }

        IReadOnlyList<LocalLambda.LocalFunctionDefinition> definitions;
        try
        {
            definitions = RequestFile.LoadRegistry(registry);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or UnauthorizedAccessException)
        {
            return RunPreCheckResult.Refused([new(string.Empty, $"{registry}: {e.Message}")], "cannot be run");
        }

        var local = PlanCommand.Local(definitions, registry);
        var preview = await PlanPreviewer.PreviewAsync(read.Request!, local.Lambda, local.Region, local.AllowList, cancellationToken).ConfigureAwait(false);
        return preview.Problems.Count > 0
            ? RunPreCheckResult.Refused(preview.Problems, "would be refused by the Planner")
            : new RunPreCheckResult(requestJson, read.Request, registry, [], string.Empty);
    }
}

/// <summary>A pre-check's outcome: the request and its registry, or the problems and what they make of the request.</summary>
internal sealed record RunPreCheckResult(string RequestJson, TuningRequest? Request, string? Registry, IReadOnlyList<ValidationProblem> Problems, string Refusal)
{
    public bool Passed => Problems.Count == 0 && Request is not null && Registry is not null;

    public static RunPreCheckResult Refused(IReadOnlyList<ValidationProblem> problems, string refusal) => new(string.Empty, null, null, problems, refusal);
}
