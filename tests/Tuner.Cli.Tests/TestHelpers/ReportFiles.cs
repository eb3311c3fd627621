using Tuner.Aws.Signing;
using Tuner.Contracts;
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
}
