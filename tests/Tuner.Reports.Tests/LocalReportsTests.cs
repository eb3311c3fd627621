using Tuner.Core.Reports;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

namespace Tuner.Reports.Tests;

public sealed class LocalReportsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-reports-").FullName;

    [Fact]
    public void Resolve_RunId_FindsRunFolderOrBucketLayout()
    {
        var a = Write("run-a", "orders-weekly", 14);
        var b = Write(Path.Combine("runs", "run-b"), "orders-weekly", 21);

        Assert.Equal(a, LocalReports.Resolve("run-a", _dir));
        Assert.Equal(b, LocalReports.Resolve("run-b", _dir));
        Assert.Equal(a, LocalReports.Resolve(Path.GetDirectoryName(a)!, _dir));
        Assert.Equal(a, LocalReports.Resolve(a, _dir));
        Assert.Null(LocalReports.Resolve("run-c", _dir));
        Assert.Null(LocalReports.Resolve("../etc", _dir));
    }

    [Fact]
    public void History_Job_NewestFirstOtherJobsAndBrokenFilesLeftOut()
    {
        Write("run-1", "orders-weekly", 7);
        Write("run-3", "orders-weekly", 21);
        Write("run-2", "orders-weekly", 14, signed: true);
        Write("run-x", "billing-weekly", 20);
        Directory.CreateDirectory(Path.Combine(_dir, "broken"));
        File.WriteAllText(Path.Combine(_dir, "broken", "report.json"), "{not json");

        var runs = LocalReports.History(_dir, "orders-weekly", out var problems);

        Assert.Equal(["run-3", "run-2", "run-1"], runs.Select(r => r.Report.Run.RunId));
        Assert.Equal([false, true, false], runs.Select(r => r.HasSignatureFile));
        var problem = Assert.Single(problems);
        Assert.Contains("broken", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void History_MissingFolder_Empty()
    {
        var runs = LocalReports.History(Path.Combine(_dir, "nope"), "job", out var problems);

        Assert.Empty(runs);
        Assert.Empty(problems);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string folder, string job, int day, bool signed = false)
    {
        var runId = Path.GetFileName(folder);
        var report = SyntheticReport.Create(new SyntheticReportOptions { Job = job, RunId = runId, FinishedAt = new DateTimeOffset(2026, 11, day, 6, 0, 0, TimeSpan.Zero) });
        var dir = Path.Combine(_dir, folder);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "report.json");
        File.WriteAllBytes(path, CanonicalJson.Serialize(report));
        if (signed)
        {
            File.WriteAllText(Path.Combine(dir, "report.sig.json"), "{}");
        }

        return path;
    }
}
