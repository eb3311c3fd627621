using System.Text.Json;
using Tuner.Contracts;
using Tuner.Core.Reports;

namespace Tuner.Reports;

/// <summary>
/// Finds reports in the local reports folder (default <c>./tuner-reports/</c>, one <c>&lt;runId&gt;/report.json</c>
/// per run, as <c>tuner run</c> and <c>tuner fetch</c> write them; <see cref="BucketKeys.Report"/>, the
/// bucket's layout, is read too).
/// </summary>
public static class LocalReports
{
    /// <summary>The folder used when none is given.</summary>
    public const string DefaultDirectory = "tuner-reports";

    /// <summary>
    /// Resolves a run id or a path (to report.json or to its folder) to a report.json path, or <c>null</c>.
    /// </summary>
    public static string? Resolve(string runIdOrPath, string reportsDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runIdOrPath);
        if (File.Exists(runIdOrPath))
        {
            return Path.GetFullPath(runIdOrPath);
        }

        if (Directory.Exists(runIdOrPath) && File.Exists(Path.Combine(runIdOrPath, BucketKeys.ReportFile)))
        {
            return Path.GetFullPath(Path.Combine(runIdOrPath, BucketKeys.ReportFile));
        }

        // A run id never holds a path separator; refuse to wander out of the reports folder.
        if (runIdOrPath.IndexOfAny(['/', '\\']) >= 0 || runIdOrPath.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var candidate in new[] { Path.Combine(reportsDirectory, runIdOrPath, BucketKeys.ReportFile), Path.Combine(reportsDirectory, BucketKeys.Report(runIdOrPath)) })
        {
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    /// <summary>Reads one report.json.</summary>
    public static LocalReport Load(string reportPath)
    {
        var report = TuningReport.Parse(File.ReadAllBytes(reportPath));
        var directory = Path.GetDirectoryName(Path.GetFullPath(reportPath))!;
        return new LocalReport(Path.GetFullPath(reportPath), report, File.Exists(Path.Combine(directory, BucketKeys.SignatureFile)));
    }

    /// <summary>
    /// Every readable report of <paramref name="job"/> under <paramref name="reportsDirectory"/>, newest first.
    /// Unreadable files are returned in <paramref name="problems"/> (path: reason), not thrown.
    /// </summary>
    public static IReadOnlyList<LocalReport> History(string reportsDirectory, string job, out IReadOnlyList<string> problems)
    {
        var found = new List<LocalReport>();
        var bad = new List<string>();
        problems = bad;
        if (!Directory.Exists(reportsDirectory))
        {
            return found;
        }

        var files = Directory.EnumerateFiles(reportsDirectory, BucketKeys.ReportFile, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3, IgnoreInaccessible = true });
        foreach (var file in files)
        {
            try
            {
                var local = Load(file);
                if (string.Equals(local.Report.Run.Job, job, StringComparison.Ordinal))
                {
                    found.Add(local);
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                bad.Add($"{file}: {ex.Message}");
            }
        }

        // The same run can sit in two places (run folder and a copy): keep the first per run id.
        return found.GroupBy(r => r.Report.Run.RunId, StringComparer.Ordinal).Select(g => g.First())
            .OrderByDescending(r => r.Report.Run.FinishedAt).ThenBy(r => r.Report.Run.RunId, StringComparer.Ordinal).ToList();
    }
}
