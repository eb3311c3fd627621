using System.Diagnostics;
using Tuner.Contracts;

namespace Tuner.LocalCloud;

/// <summary>
/// The Node 22 runtime and npm packages of <c>local/engine</c>, installed from the project's own
/// <c>package.json</c>/<c>package-lock.json</c> on first use (the npm package <c>node</c> ships the binary).
/// </summary>
public sealed class NodeRuntime
{
    private NodeRuntime(string engineDirectory)
    {
        EngineDirectory = engineDirectory;
        NodePath = Path.Combine(engineDirectory, "node_modules", "node", "bin", "node");
    }

    /// <summary>The <c>local/engine</c> folder holding package.json and the engine scripts.</summary>
    public string EngineDirectory { get; }

    /// <summary>The Node 22 binary installed by the <c>node</c> npm package.</summary>
    public string NodePath { get; }

    /// <summary>Finds <c>local/engine</c> from <c>TUNER_ENGINE_DIR</c>, or by walking up from the app and the working directory.</summary>
    public static string FindEngineDirectory(string? overrideDirectory = null)
    {
        if (!string.IsNullOrEmpty(overrideDirectory))
        {
            return Path.GetFullPath(overrideDirectory);
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "local", "engine");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            "local/engine/package.json not found above " + AppContext.BaseDirectory + " or the working directory; set " + TunerEnvironment.EngineDirectory);
    }

    /// <summary>Runs <c>npm ci</c> in the engine folder when its packages are missing or older than the lockfile.</summary>
    public static async Task<NodeRuntime> EnsureInstalledAsync(string engineDirectory, TextWriter log, CancellationToken cancellationToken = default)
    {
        var runtime = new NodeRuntime(engineDirectory);
        var installedLock = Path.Combine(engineDirectory, "node_modules", ".package-lock.json");
        var lockFile = Path.Combine(engineDirectory, "package-lock.json");
        var upToDate = File.Exists(runtime.NodePath) && File.Exists(installedLock)
            && File.GetLastWriteTimeUtc(installedLock) >= File.GetLastWriteTimeUtc(lockFile);
        if (upToDate)
        {
            return runtime;
        }

        await log.WriteLineAsync($"Installing the local engines (npm ci in {engineDirectory}) …");
        var npm = new ProcessStartInfo("npm")
        {
            WorkingDirectory = engineDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            npm.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(npm) ?? throw new InvalidOperationException("npm did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("npm is not on PATH: install Node.js/npm to run the local engines (" + e.Message + ")", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0 || !File.Exists(runtime.NodePath))
            {
                throw new InvalidOperationException(
                    $"npm ci in {engineDirectory} failed (exit {process.ExitCode}): {await stderr}{await stdout}");
            }
        }

        return runtime;
    }

    /// <summary>
    /// Starts <c>script</c> (relative to the engine folder) on Node 22 and waits for its ready line: the first
    /// stdout line that is a JSON object with <c>"ready": true</c>.
    /// </summary>
    public Task<EngineProcess> StartAsync(
        string script,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan readyTimeout,
        CancellationToken cancellationToken = default)
    {
        var start = CreateStartInfo(script, arguments, environment);
        start.RedirectStandardInput = true;
        return EngineProcess.StartAsync(script, start, readyTimeout, cancellationToken);
    }

    /// <summary>How to run <c>script</c> (relative to the engine folder) on Node 22: arguments, environment, stdout and stderr redirected.</summary>
    public ProcessStartInfo CreateStartInfo(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(NodePath)
        {
            WorkingDirectory = EngineDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(EngineDirectory, script));
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        return start;
    }
}
