using System.CommandLine;
using Spectre.Console;
using Tuner.Aws.Configuration;
using Tuner.Cli.Deployed;
using Tuner.Cli.Output;
using Tuner.Cli.Plan;
using Tuner.Core.Ports;
using Tuner.LocalLambda;
using Tuner.LocalCloud;

namespace Tuner.Cli.Commands;

/// <summary>
/// <c>tuner plan &lt;request.json&gt; [--functions tuner.local.json | --stack NAME] [--json]</c>: validates and expands a
/// request without changing anything — cells, versions, the staged sampling, the upper bound of cost and time, and every
/// reason the run would be refused. Locally it reads the registry; with <c>--stack</c> it reads the functions'
/// configurations and tags from AWS (GetFunctionConfiguration, ListTags: read-only). Starts no engine. Exit 0 when the
/// run would start, 2 when the request is invalid or would be refused.
/// </summary>
public static class PlanCommand
{
    /// <summary>Builds the command; <c>--stack</c> connects with the standard AWS credential chain.</summary>
    public static Command Create() => Create(ConnectAsync, AnsiConsole.Console, Console.Out);

    /// <summary>Builds the command with the given AWS connection, console and JSON output (tests).</summary>
    internal static Command Create(Func<string, CancellationToken, Task<PlanSource>> connectAws, IAnsiConsole console, TextWriter jsonOutput)
    {
        var request = new Argument<FileInfo>("request") { Description = "The tuning request (JSON), e.g. examples/quickstart.json." };
        var functions = new Option<FileInfo?>("--functions") { Description = "Local function registry (default: tuner.local.json beside the request, then in the current folder)." };
        var stack = new Option<string?>("--stack") { Description = "Plan against a deployed Tuner stack: read the functions' configurations from AWS (read-only)." };
        var json = JsonOption.Create();
        var command = new Command("plan", "Show what a request would do — cells, stages, cost and time bounds, refusals — without changing anything or starting an engine.");
        command.Arguments.Add(request);
        command.Options.Add(functions);
        command.Options.Add(stack);
        command.Options.Add(json);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) => DeployedErrors.HandleAsync("plan", console, () => RunAsync(
            new PlanSettings(result.GetValue(request)!, result.GetValue(functions), result.GetValue(stack), result.GetValue(json)),
            connectAws,
            console,
            jsonOutput,
            cancellationToken)));
        return command;
    }

    /// <summary>The command's inputs.</summary>
    internal sealed record PlanSettings(FileInfo Request, FileInfo? Functions, string? Stack, bool Json);

    /// <summary>Plans the request; returns the exit code.</summary>
    internal static async Task<int> RunAsync(
        PlanSettings settings, Func<string, CancellationToken, Task<PlanSource>> connectAws, IAnsiConsole console, TextWriter jsonOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(connectAws);
        var (_, read) = await RequestFile.ReadAsync(settings.Request, cancellationToken).ConfigureAwait(false);
        var source = settings.Stack is null ? "local" : "aws";
        if (!read.IsValid)
        {
            return Invalid(settings, console, jsonOutput, source, read.Problems, "is not a valid tuning request");
        }

        PlanSource from;
        if (settings.Stack is { } stack)
        {
            from = await connectAws(stack, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var registry = RequestFile.FindRegistry(settings.Functions, settings.Request);
            if (registry is null)
            {
                return Invalid(settings, console, jsonOutput, source, [new(string.Empty, $"no function registry: pass --functions tuner.local.json (looked beside {settings.Request.Name} and in the current folder), or --stack NAME to plan on AWS")], "cannot be planned");
            }

            IReadOnlyList<LocalFunctionDefinition> definitions;
            try
            {
                definitions = RequestFile.LoadRegistry(registry);
            }
            catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
            {
                return Invalid(settings, console, jsonOutput, source, [new(string.Empty, $"{registry}: {e.Message}")], "cannot be planned");
            }

            from = Local(definitions, registry);
        }

        PlanPreview preview;
        try
        {
            preview = await PlanPreviewer.PreviewAsync(read.Request!, from.Lambda, from.Region, from.AllowList, cancellationToken).ConfigureAwait(false);
        }
        catch (LambdaApiException e)
        {
            console.MarkupLineInterpolated($"[red]tuner plan:[/] reading the targets' configurations failed: {e.Message}");
            return ExitCodes.AwsError;
        }

        if (settings.Json)
        {
            CliJson.Write(jsonOutput, PlanJson.From(preview, settings.Request.FullName, from.Name), CliJson.Default.PlanJson);
        }
        else
        {
            PlanView.Write(console, preview, settings.Request.Name, from.Description);
        }

        return preview.Accepted ? ExitCodes.Succeeded : ExitCodes.InvalidInput;
    }

    /// <summary>The local registry as the local stack would serve it.</summary>
    internal static PlanSource Local(IReadOnlyList<LocalFunctionDefinition> definitions, string registryPath) =>
        new("local", $"local registry {registryPath}", new RegistryLambdaApi(definitions, LocalCloudOptions.DefaultRegion), LocalCloudOptions.DefaultRegion, new HashSet<string>(StringComparer.Ordinal));

    private static int Invalid(PlanSettings settings, IAnsiConsole console, TextWriter jsonOutput, string source, IReadOnlyList<Tuner.Core.Requests.ValidationProblem> problems, string what)
    {
        if (settings.Json)
        {
            CliJson.Write(jsonOutput, new PlanJson(PlanJson.SchemaId, settings.Request.FullName, null, source, null, false, ProblemJson.From(problems), [], null), CliJson.Default.PlanJson);
        }
        else
        {
            PlanView.WriteInvalid(console, "plan", settings.Request.Name, problems, what);
        }

        return ExitCodes.InvalidInput;
    }

    private static async Task<PlanSource> ConnectAsync(string stackName, CancellationToken cancellationToken)
    {
        // One factory per CLI process: it owns the HttpClient, which lives as long as the process.
#pragma warning disable CA2000
        var factory = AwsClientFactory.FromEnvironment();
#pragma warning restore CA2000
        await factory.ValidateCredentialsAsync(cancellationToken).ConfigureAwait(false);
        var deployment = await TunerDeployment.ReadAsync(factory.CreateCloudFormation(), stackName, cancellationToken).ConfigureAwait(false);
        ILambdaApi lambda = factory.CreateLambda();
        // The stack's allow-list lives in the Planner's environment, which plan does not read: a function without the
        // tag is reported as refused unless the list names it (say so when it happens).
        return new PlanSource("aws", $"stack {deployment.StackName} ({factory.Region}; configurations and tags read from AWS; the stack's allow-list is not read, so a function allowed only by it shows as refused)", lambda, factory.Region, new HashSet<string>(StringComparer.Ordinal));
    }
}
