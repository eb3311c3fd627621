using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tuner.Infra.Tests.TestHelpers;
using Xunit.Abstractions;

namespace Tuner.Infra.Tests.Synth;

/// <summary>Runs the README's <c>cdk synth</c> (infra/synth.sh: pinned CLI, offline settings, dotnet publish of the
/// functions) in a network namespace with no network, tracing every connect() the process tree makes.</summary>
[Collection(CdkCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class CdkSynthTests
{
    private readonly ITestOutputHelper _output;

    public CdkSynthTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task CdkSynth_FromRepositoryRoot_OfflineTemplateWithPublishedFunctions()
    {
        var root = InfraEnvironment.RepositoryRoot;
        var work = Path.Combine(root, ".tmp", "infra-tests", "synth-" + Environment.ProcessId);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        var outDir = Path.Combine(work, "cdk.out");
        var trace = Path.Combine(work, "connect.strace");
        var isolated = IsRoot() && CanRun("unshare", "-n", "true");
        var traced = CanRun("strace", "-V");
        _output.WriteLine($"network namespace: {isolated}, strace: {traced}");
        Assert.True(isolated || traced, "Needs root (unshare -n) or strace to prove synth makes no outbound connection");

        var command = new List<string>();
        if (isolated)
        {
            command.AddRange(["unshare", "-n", "--"]);
        }

        if (traced)
        {
            command.AddRange(["strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=connect", "-e", "signal=none", "-o", trace]);
        }

        command.AddRange(["bash", Path.Combine(root, "infra", "synth.sh"), "synth", "--quiet", "--output", outDir]);

        var watch = Stopwatch.StartNew();
        var (exitCode, log) = await RunAsync(root, command);
        _output.WriteLine($"cdk synth: exit {exitCode} in {watch.Elapsed.TotalSeconds:F1} s");
        _output.WriteLine(log);

        Assert.True(exitCode == 0, log);
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "Tuner.template.json")))!.AsObject();
        var resources = template["Resources"]!.AsObject();
        var functions = resources.Where(r => (string?)r.Value!["Type"] == "AWS::Lambda::Function").ToList();
        Assert.Equal(7, functions.Count); // Planner, Narrower, Executor, Reducer, Cleaner, the janitor and the workload
        Assert.All(functions, f => Assert.Equal("dotnet10", (string?)f.Value!["Properties"]!["Runtime"]));

        // Every function's code asset is the publish output holding its handler's assembly.
        foreach (var (_, function) in functions)
        {
            var assembly = ((string)function!["Properties"]!["Handler"]!).Split("::")[0];
            var assetPath = (string)function["Metadata"]!["aws:asset:path"]!;
            Assert.True(File.Exists(Path.Combine(outDir, assetPath, assembly + ".dll")), $"{assetPath} lacks {assembly}.dll");
            Assert.True(File.Exists(Path.Combine(outDir, assetPath, assembly + ".deps.json")), $"{assetPath} lacks {assembly}.deps.json");
        }

        var machine = resources.Single(r => (string?)r.Value!["Type"] == "AWS::StepFunctions::StateMachine").Value!["Properties"]!;
        var asl = File.ReadAllText(Path.Combine(root, "statemachine", "tuner.asl.json"));
        Assert.Equal(asl, (string?)machine["DefinitionString"]);
        Assert.Equal(
            PlaceholderPattern().Matches(asl).Select(m => m.Groups[1].Value).Distinct().Order(),
            machine["DefinitionSubstitutions"]!.AsObject().Select(p => p.Key).Order());

        if (traced)
        {
            var outbound = File.ReadAllLines(trace)
                .Where(l => l.Contains("connect(", StringComparison.Ordinal) && (l.Contains("AF_INET", StringComparison.Ordinal)))
                .Where(l => !l.Contains("127.0.0.1", StringComparison.Ordinal) && !l.Contains("\"::1\"", StringComparison.Ordinal))
                .ToList();
            Assert.True(outbound.Count == 0, "outbound connection attempts:" + Environment.NewLine + string.Join(Environment.NewLine, outbound));
        }

        Directory.Delete(work, recursive: true);
    }

    private static bool IsRoot() => Environment.UserName == "root";

    private static bool CanRun(string file, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            process.WaitForExit(10_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string workingDirectory, IReadOnlyList<string> command)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in command.Skip(1))
        {
            start.ArgumentList.Add(a);
        }

        // No MSBuild nodes, build server or compiler server may outlive the test.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, "timed out after 8 minutes" + Environment.NewLine + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex PlaceholderPattern();
}
