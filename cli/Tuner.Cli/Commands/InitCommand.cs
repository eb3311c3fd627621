using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tuner.Cli.Init;
using Tuner.Cli.Output;
using Tuner.Core.Planning;

namespace Tuner.Cli.Commands;

/// <summary>
/// <c>tuner init &lt;path/to/Handler.dll&gt; [--out DIR] [--force]</c>: finds the public <see cref="Stream"/> handlers in
/// the assembly (without running any of its code) and writes a <c>tuner.local.json</c> registering them (tagged
/// <c>tuner:allow</c>) and a starter <c>tuner.request.json</c> (memory tiers; the DynamoDB batch knobs when the assembly
/// uses Tuner.BatchWriter) that <c>tuner plan</c> accepts as written. Never overwrites a file unless <c>--force</c>.
/// Exit 0, or 2 when the assembly cannot be read, has no handler, or a file exists.
/// </summary>
public static class InitCommand
{
    /// <summary>The request file written beside the registry.</summary>
    public const string RequestFileName = "tuner.request.json";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var assembly = new Argument<FileInfo>("assembly") { Description = "The handler assembly (a built .dll; its dependencies beside it)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where to write tuner.local.json and tuner.request.json (default: the current folder)." };
        var force = new Option<bool>("--force") { Description = "Overwrite existing files." };
        var command = new Command("init", "Write a tuner.local.json and a starter request for the handlers of your assembly.");
        command.Arguments.Add(assembly);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) => RunAsync(
            result.GetValue(assembly)!, result.GetValue(output)?.FullName ?? Environment.CurrentDirectory, result.GetValue(force), AnsiConsole.Console, cancellationToken));
        return command;
    }

    /// <summary>Scans the assembly and writes the two files; returns the exit code.</summary>
    public static async Task<int> RunAsync(FileInfo assembly, string outputDirectory, bool force, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(console);
        if (!assembly.Exists)
        {
            console.MarkupLineInterpolated($"[red]tuner init:[/] {assembly.FullName} does not exist");
            return ExitCodes.InvalidInput;
        }

        HandlerScanner.ScanResult scan;
        try
        {
            scan = HandlerScanner.Scan(assembly.FullName);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            console.MarkupLineInterpolated($"[red]tuner init:[/] {assembly.Name} is not a readable .NET assembly: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        if (scan.Handlers.Count == 0)
        {
            console.MarkupLineInterpolated($"[red]tuner init:[/] {assembly.Name} has no public method taking a Stream and returning Stream or Task<Stream> on a type with a public parameterless constructor.");
            return ExitCodes.InvalidInput;
        }

        Directory.CreateDirectory(outputDirectory);
        var registryPath = Path.Combine(outputDirectory, "tuner.local.json");
        var requestPath = Path.Combine(outputDirectory, RequestFileName);
        var existing = new[] { registryPath, requestPath }.Where(File.Exists).ToList();
        if (existing.Count > 0 && !force)
        {
            console.MarkupLineInterpolated($"[red]tuner init:[/] {string.Join(" and ", existing)} already exist; nothing was written (--force overwrites).");
            return ExitCodes.InvalidInput;
        }

        var names = FunctionNames(scan);
        var handlerAssembly = Path.GetRelativePath(outputDirectory, assembly.FullName).Replace('\\', '/');
        await File.WriteAllTextAsync(registryPath, Registry(scan, names, handlerAssembly).ToJsonString(Indented) + "\n", cancellationToken);
        await File.WriteAllTextAsync(requestPath, Request(scan, names).ToJsonString(Indented) + "\n", cancellationToken);
        console.MarkupLineInterpolated($"Found {scan.Handlers.Count} handler(s) in {assembly.Name}{(scan.UsesBatchWriter ? " (uses Tuner.BatchWriter: batch size and parallelism are tuned too)" : string.Empty)}:");
        foreach (var (handler, name) in scan.Handlers.Zip(names))
        {
            console.MarkupLineInterpolated($"  {name}: {handler.TypeName}::{handler.MethodName}");
        }

        console.MarkupLineInterpolated($"Wrote {registryPath} and {requestPath}. Give each target its payload (the event your function expects) and environment, then: tuner plan {requestPath}");
        return ExitCodes.Succeeded;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>kebab-case names from the type names (the method's too when a type has several handlers).</summary>
    private static List<string> FunctionNames(HandlerScanner.ScanResult scan)
    {
        var perType = scan.Handlers.GroupBy(h => h.TypeName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var handler in scan.Handlers)
        {
            var type = handler.TypeName[(handler.TypeName.LastIndexOf('.') + 1)..].Replace('+', '-');
            var name = Kebab(perType[handler.TypeName] > 1 ? type + "-" + handler.MethodName : type);
            var unique = name;
            for (var i = 2; names.Contains(unique); i++)
            {
                unique = name + "-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            names.Add(unique);
        }

        return names;
    }

    private static string Kebab(string name)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }

            builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        return builder.ToString().Trim('-');
    }

    private static JsonObject Registry(HandlerScanner.ScanResult scan, List<string> names, string handlerAssembly)
    {
        var functions = new JsonArray();
        foreach (var (handler, name) in scan.Handlers.Zip(names))
        {
            var environment = new JsonObject();
            if (scan.UsesBatchWriter)
            {
                environment[TuningPlanner.BatchSizeVariable] = "25";
                environment[TuningPlanner.ParallelismVariable] = "1";
            }

            functions.Add(new JsonObject
            {
                ["name"] = name,
                ["handler"] = $"{handlerAssembly}::{handler.TypeName}::{handler.MethodName}",
                ["memoryMb"] = 512,
                ["timeoutSeconds"] = 30,
                ["environment"] = environment,
                ["tags"] = new JsonObject { ["tuner:allow"] = "true" },
                ["description"] = $"{handler.TypeName}.{handler.MethodName} (written by tuner init)",
            });
        }

        return new JsonObject { ["functions"] = functions };
    }

    private static JsonObject Request(HandlerScanner.ScanResult scan, List<string> names)
    {
        var targets = new JsonArray();
        foreach (var name in names)
        {
            var target = new JsonObject
            {
                ["function"] = name,
                ["payload"] = new JsonObject(),
                ["memoryMb"] = new JsonArray(256, 512, 1024, 1769),
            };
            if (scan.UsesBatchWriter)
            {
                target["dynamoDbBatch"] = new JsonObject { ["batchSize"] = new JsonArray(5, 10, 25), ["parallelism"] = new JsonArray(1, 2, 4) };
            }

            target["invocations"] = 10;
            target["concurrency"] = 2;
            targets.Add(target);
        }

        return new JsonObject
        {
            ["job"] = Kebab(scan.AssemblyName),
            ["targets"] = targets,
            ["objective"] = new JsonObject { ["strategy"] = "balanced", ["weight"] = 0.5, ["maxErrorRate"] = 0.05 },
            ["budget"] = new JsonObject { ["maxUsd"] = 2 },
        };
    }
}
