using System.Diagnostics;

namespace Tuner.Infra.Packaging;

/// <summary>Publishes a function project the way Lambda's managed <c>dotnet10</c> runtime on arm64 wants it:
/// <c>dotnet publish -c Release -r linux-arm64 --self-contained false</c>. The app runs this before synthesis so
/// <c>cdk synth</c>/<c>cdk deploy</c> always package the current sources.</summary>
public sealed class FunctionPublisher
{
    private readonly string _repositoryRoot;
    private readonly string _outputRoot;

    /// <summary>Publishes projects of <paramref name="repositoryRoot"/> into sub-folders of <paramref name="outputRoot"/>.</summary>
    public FunctionPublisher(string repositoryRoot, string outputRoot)
    {
        _repositoryRoot = repositoryRoot;
        _outputRoot = outputRoot;
    }

    /// <summary>Publishes <c>functions/&lt;project&gt;/&lt;project&gt;.csproj</c> and returns the output folder.</summary>
    /// <exception cref="InvalidOperationException">dotnet publish failed; the message holds its output.</exception>
    public async Task<string> PublishAsync(string project, CancellationToken cancellationToken)
    {
        var projectFile = Path.Combine(_repositoryRoot, "functions", project, project + ".csproj");
        var output = Path.Combine(_outputRoot, project);
        if (Directory.Exists(output))
        {
            // A stale file left from an earlier publish would end up in the Lambda package.
            Directory.Delete(output, recursive: true);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _repositoryRoot,
        };
        foreach (var arg in new[]
        {
            "publish", projectFile, "-c", "Release", "-r", "linux-arm64", "--self-contained", "false",
            "-o", output, "-nologo", "-clp:ErrorsOnly",
            // The Debug build already ran analyzers, docs and the package audit with warnings as errors; the package
            // only needs the IL. The audit would also fetch vulnerability data, which must not happen during synth.
            "-p:GenerateDocumentationFile=false", "-p:RunAnalyzers=false", "-p:EnforceCodeStyleInBuild=false", "-p:NuGetAudit=false",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet publish {project} failed (exit {process.ExitCode}):{Environment.NewLine}{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
        }

        if (!File.Exists(Path.Combine(output, project + ".dll")))
        {
            throw new InvalidOperationException($"dotnet publish {project} produced no {project}.dll in {output}.");
        }

        return output;
    }
}
