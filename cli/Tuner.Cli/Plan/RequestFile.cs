using System.Text.Json;
using Tuner.Core.Requests;
using Tuner.LocalLambda;
using Tuner.LocalCloud;

namespace Tuner.Cli.Plan;

/// <summary>
/// Reads a request file and its local function registry the same way for <c>tuner plan</c> and <c>tuner run</c>:
/// every problem with its field path, before anything starts.
/// </summary>
internal static class RequestFile
{
    /// <summary>The file's JSON and the request, or every problem (path empty for the file as a whole).</summary>
    public static async Task<(string Json, RequestReadResult Read)> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            return (string.Empty, new RequestReadResult(null, [new ValidationProblem(string.Empty, $"{file.FullName} does not exist")]));
        }

        var json = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return (json, new RequestReadResult(null, [new ValidationProblem(string.Empty, $"{file.Name} is not JSON: {e.Message}")]));
        }

        return (json, TuningRequestReader.Read(json));
    }

    /// <summary>
    /// The registry's functions; its declared tables are read too, so a bad table declaration is refused here, before
    /// anything starts, as a bad function is.
    /// </summary>
    /// <exception cref="InvalidDataException">A function or table declaration is invalid (every problem, with its path).</exception>
    public static IReadOnlyList<LocalFunctionDefinition> LoadRegistry(string path)
    {
        var functions = LocalRegistry.Load(path);
        _ = LocalTables.Load(path);
        return functions;
    }

    /// <summary><c>--functions</c>, else <c>tuner.local.json</c> beside the request, then in the current folder; null when none exists.</summary>
    public static string? FindRegistry(FileInfo? functions, FileInfo request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (functions is not null)
        {
            return functions.Exists ? functions.FullName : null;
        }

        foreach (var directory in new[] { request.DirectoryName, Directory.GetCurrentDirectory() })
        {
            if (directory is not null && Path.Combine(directory, "tuner.local.json") is var candidate && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
