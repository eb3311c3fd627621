using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Tuner.LocalLambda.Cgroups;
using Tuner.LocalLambda.Functions;
using Tuner.Contracts;

namespace Tuner.LocalLambda.Execution;

/// <summary>
/// How environments are started: the process command (our host under <c>dotnet</c>, or a bootstrap), its
/// environment variables (Lambda's standard set over the service's base set, the function's on top) and the
/// shell step that enrols the child in its cgroups before the runtime starts, so the runtime sees its limits.
/// </summary>
internal sealed record EnvironmentLaunch
{
    // The child writes its own pid into each cgroup.procs, then execs the runtime: nothing runs outside the limits,
    // and the .NET runtime reads its CPU and memory limits from the cgroup it starts in.
    private const string EnrolScript =
        "exec 2>&1; for p in $" + TunerEnvironment.CgroupProcs + "; do echo $$ > \"$p\" || exit 97; done; unset " + TunerEnvironment.CgroupProcs + "; exec \"$@\"";

    public required string Region { get; init; }

    public required string DotnetPath { get; init; }

    public required string HostPath { get; init; }

    public required Uri ServiceEndpoint { get; init; }

    public required IReadOnlyDictionary<string, string> BaseEnvironment { get; init; }

    /// <summary>The few variables of the service's own environment a child needs to run at all (PATH, HOME, DOTNET_ROOT…).</summary>
    public IReadOnlyDictionary<string, string> InheritedEnvironment { get; init; } = new Dictionary<string, string>();

    public ICgroupBackend? Cgroups { get; init; }

    public required int HostCores { get; init; }

    public required TimeSpan InitTimeout { get; init; }

    public required TimeProvider Time { get; init; }

    public required ILogger Logger { get; init; }

    public ProcessStartInfo BuildStartInfo(FunctionConfig config, string runtimeApi, IReadOnlyList<string> procsFiles)
    {
        var taskRoot = Path.GetDirectoryName(config.CodePath) is { Length: > 0 } dir ? dir : Environment.CurrentDirectory;
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            WorkingDirectory = taskRoot,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(EnrolScript);
        start.ArgumentList.Add("tuner-env");
        if (config.Bootstrap is { } bootstrap)
        {
            start.ArgumentList.Add(bootstrap);
        }
        else
        {
            start.ArgumentList.Add(DotnetPath);
            start.ArgumentList.Add(HostPath);
        }

        var env = start.Environment;
        env.Clear();
        foreach (var (key, value) in InheritedEnvironment)
        {
            env[key] = value;
        }

        env["LANG"] = "en_US.UTF-8";
        env["TZ"] = ":UTC";
        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        env["DOTNET_NOLOGO"] = "1";

        // The GC may use 95% of the memory limit (the runtime's default is 75% of the cgroup's; 100 is out of range):
        // a function that fits in its memory on Lambda fits here too, and one that does not fails with OutOfMemory.
        if (procsFiles.Count > 0)
        {
            env["DOTNET_GCHeapHardLimitPercent"] = "0x5F";
        }

        // Local functions that call Lambda reach this service unless the base environment says otherwise.
        env["AWS_ENDPOINT_URL_LAMBDA"] = ServiceEndpoint.ToString().TrimEnd('/');
        foreach (var (key, value) in BaseEnvironment)
        {
            env[key] = value;
        }

        env["AWS_REGION"] = Region;
        env["AWS_DEFAULT_REGION"] = Region;
        env["AWS_LAMBDA_FUNCTION_NAME"] = config.Name;
        env["AWS_LAMBDA_FUNCTION_VERSION"] = config.Version;
        env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = config.MemoryMb.ToString(CultureInfo.InvariantCulture);
        env["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + config.Name;
        env["AWS_LAMBDA_LOG_STREAM_NAME"] = $"{Time.GetUtcNow():yyyy/MM/dd}/[{config.Version}]{Guid.NewGuid():N}";
        env["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
        env["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        env["AWS_EXECUTION_ENV"] = config.Bootstrap is null ? "AWS_Lambda_dotnet10" : "AWS_Lambda_provided.al2023";
        env["LAMBDA_TASK_ROOT"] = taskRoot;
        env["LAMBDA_RUNTIME_DIR"] = Path.GetDirectoryName(HostPath) ?? taskRoot;
        env["_HANDLER"] = config.Handler ?? string.Empty;
        foreach (var (key, value) in config.Environment)
        {
            env[key] = value;
        }

        env[TunerEnvironment.CgroupProcs] = string.Join(' ', procsFiles);
        return start;
    }

    /// <summary>Reads, once, the variables of this process that children inherit; Lambda's and the function's come on top.</summary>
    public static IReadOnlyDictionary<string, string> ReadInheritedEnvironment()
    {
        var inherited = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "PATH", "HOME", "TMPDIR", "DOTNET_ROOT", "SSL_CERT_FILE", "SSL_CERT_DIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                inherited[name] = value;
            }
        }

        return inherited;
    }

    /// <summary>The <c>dotnet</c> executable running this process's runtime.</summary>
    public static string FindDotnet()
    {
        // .../shared/Microsoft.NETCore.App/<version>/ → the install root holds the dotnet muxer.
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var root = Directory.GetParent(runtimeDir)?.Parent?.Parent?.FullName;
        var candidate = root is null ? null : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return candidate is not null && File.Exists(candidate) ? candidate : "dotnet";
    }

    /// <summary>Tuner.LocalLambda.Host.dll, copied next to this assembly by the project reference.</summary>
    public static string FindHost()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Tuner.LocalLambda.Host.dll");
        if (File.Exists(path))
        {
            return path;
        }

        var beside = Path.Combine(Path.GetDirectoryName(typeof(EnvironmentLaunch).Assembly.Location) ?? string.Empty, "Tuner.LocalLambda.Host.dll");
        return File.Exists(beside)
            ? beside
            : throw new FileNotFoundException("Tuner.LocalLambda.Host.dll not found next to the service; set LocalLambdaOptions.HostPath.", path);
    }
}
