using Tuner.Aws.Signing;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Reports;

namespace Tuner.Cli.Tests.TestHelpers;

/// <summary>A run folder as <c>tuner run</c> leaves it: <c>report.json</c> (canonical bytes) and, when signed, <c>report.sig.json</c>.</summary>
internal static class ReportFiles
{
    /// <summary>Writes <c>folder/report.json</c> (signed with the local key at <paramref name="privateKeyPath"/> when given); returns its path.</summary>
    public static async Task<string> WriteAsync(string folder, TuningReport report, string? privateKeyPath)
    {
        var directory = Directory.CreateDirectory(folder).FullName;
        var path = Path.Combine(directory, "report.json");
        var bytes = CanonicalJson.Serialize(report);
        await File.WriteAllBytesAsync(path, bytes);
        if (privateKeyPath is not null)
        {
            await ReportSignatureFile.WriteAsync(Path.Combine(directory, "report.sig.json"), await new LocalKeyReportSigner(privateKeyPath).SignAsync(bytes, new Tuner.Core.Ports.ReportBinding(report.Run.RunId, report.Run.Job)));
        }

        return path;
    }

    /// <summary>Writes <c>folder/cleanup.json</c> as the Cleaner does (and <c>cleanup.sig.json</c>, signed with the local key, when given); returns its path.</summary>
    public static async Task<string> WriteCleanupAsync(string folder, CleanerOutput record, string job, string? privateKeyPath)
    {
        var directory = Directory.CreateDirectory(folder).FullName;
        var path = Path.Combine(directory, BucketKeys.CleanupFile);
        var bytes = Tuner.Core.Serialization.TunerJson.Serialize(record);
        await File.WriteAllBytesAsync(path, bytes);
        if (privateKeyPath is not null)
        {
            await ReportSignatureFile.WriteAsync(
                Path.Combine(directory, BucketKeys.CleanupSignatureFile),
                await new LocalKeyReportSigner(privateKeyPath).SignAsync(bytes, new Tuner.Core.Ports.ReportBinding(record.RunId, job) { Record = ReportSignature.CleanupRecord }));
        }

        return path;
    }

    /// <summary>A record of <paramref name="runId"/> whose Cleaner kept the owner's memory and environment change on orders-ingest and restored payments-ingest.</summary>
    public static CleanerOutput KeptOwnersChange(string runId) => new(
        runId,
        [
            new TargetCleanup("orders-ingest", CleanupOutcome.KeptOwnersChange, "$LATEST was changed by someone else during the run (memory 512 → 2048 MB, environment variables changed TABLE, last modified 2026-12-02T06:00:00.000+0000); Tuner kept that change and did not restore its baseline", ["orders-ingest:3"], [], "released")
            {
                Change = new OwnersChange([OwnersChange.Memory, OwnersChange.Environment], new DateTimeOffset(2026, 12, 2, 6, 1, 2, TimeSpan.Zero)) { LastModified = "2026-12-02T06:00:00.000+0000", RevisionId = "rev-9" },
            },
            new TargetCleanup("payments-ingest", CleanupOutcome.Restored, null, ["payments-ingest:4"], [], "released"),
        ])
    { CleanedAt = new DateTimeOffset(2026, 12, 2, 6, 1, 5, TimeSpan.Zero), Ending = "succeeded" };
}
