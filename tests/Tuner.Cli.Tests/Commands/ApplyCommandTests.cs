using Tuner.Aws.Signing;
using Tuner.Cli.Commands;
using Tuner.Cli.Output;
using Tuner.Cli.Plan;
using Tuner.Cli.Tests.TestHelpers;
using Tuner.Core.Objectives;
using Tuner.Core.Reports;
using Tuner.LocalLambda;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

namespace Tuner.Cli.Tests.Commands;

/// <summary>
/// <c>tuner apply</c>'s checks against a read-only view of the functions (<see cref="RegistryLambdaApi"/> throws on any
/// change, so a test that passes changed nothing); applying itself is tested on the local stack (ApplyTests).
/// </summary>
public sealed class ApplyCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tuner-apply-");
    private readonly TextConsole _console = new();

    [Fact]
    public async Task RunAsync_DryRun_ShowsEveryChangeAndChangesNothing()
    {
        var report = await WriteAsync(SyntheticReport.Create(new SyntheticReportOptions()), sign: true);

        var exit = await ApplyAsync(report, Function(memoryMb: 1024), dryRun: true, alias: "live");

        Assert.True(exit == ExitCodes.Succeeded, _console.Output);
        Assert.Contains("memory: 1024 MB → 128 MB", _console.Output, StringComparison.Ordinal);
        Assert.Contains("TUNER_DDB_BATCH_SIZE: 1 → 25", _console.Output, StringComparison.Ordinal);
        Assert.Contains("TUNER_DDB_PARALLELISM: 1 → 4", _console.Output, StringComparison.Ordinal);
        Assert.Contains("then publish $LATEST as a version and point alias live at it", _console.Output, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was changed.", _console.Output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task RunAsync_UnsignedOrChangedReport_IsRefusedBeforeAnyFunctionIsRead()
    {
        var unsigned = await WriteAsync(SyntheticReport.Create(new SyntheticReportOptions()), sign: false, folder: "unsigned");
        var changed = await WriteAsync(SyntheticReport.Create(new SyntheticReportOptions()), sign: true, folder: "changed");
        await File.AppendAllTextAsync(changed, " ");

        var unsignedExit = await ApplyAsync(unsigned, null, dryRun: false);
        var changedExit = await ApplyAsync(changed, null, dryRun: false);

        Assert.Equal(ExitCodes.Failed, unsignedExit);
        Assert.Equal(ExitCodes.Failed, changedExit);
        Assert.Contains("refusing an unverified report", _console.Output, StringComparison.Ordinal);
        Assert.Contains("MISMATCH", _console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KeepCurrentReport_IsRefusedWithNothingToApply()
    {
        var synthetic = SyntheticReport.Create(new SyntheticReportOptions());
        var target = synthetic.Targets[0];
        var keep = synthetic with { Targets = [target with { Recommendation = target.Recommendation! with { Action = RecommendationAction.KeepCurrent } }] };
        var report = await WriteAsync(keep, sign: true);

        var exit = await ApplyAsync(report, Function(memoryMb: 1024), dryRun: false);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("keep the current configuration; left as it is", _console.Output, StringComparison.Ordinal);
        Assert.Contains("nothing to apply", _console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FunctionChangedSinceTheRun_IsRefusedWithTheDifferences()
    {
        var report = await WriteAsync(SyntheticReport.Create(new SyntheticReportOptions()), sign: true);

        var exit = await ApplyAsync(report, Function(memoryMb: 512, batchSize: "10"), dryRun: false);

        Assert.Equal(ExitCodes.Drifted, exit);
        Assert.Contains("changed since the run: memory: the run measured 1024 MB, the function now has 512 MB", _console.Output, StringComparison.Ordinal);
        Assert.Contains("changed since the run: TUNER_DDB_BATCH_SIZE: the run measured 1, the function now has 10", _console.Output, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", _console.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private string KeyPath => Path.Combine(_folder.FullName, "keys", LocalSigningKey.PrivateKeyFileName);

    private static LocalFunctionDefinition Function(int memoryMb, string batchSize = "1") => new()
    {
        Name = "orders-ingest",
        Handler = "x.dll::X::Handle",
        MemoryMb = memoryMb,
        Environment = new Dictionary<string, string> { ["TUNER_DDB_BATCH_SIZE"] = batchSize, ["TUNER_DDB_PARALLELISM"] = "1", ["OTHER"] = "kept" },
    };

    private Task<int> ApplyAsync(string report, LocalFunctionDefinition? function, bool dryRun, string? alias = null)
    {
        var settings = new ApplyCommand.ApplySettings(report, _folder.FullName, alias, dryRun, new FileInfo(LocalSigningKey.PublicKeyPathFor(KeyPath)), KeyId: null, "unused");
        return ApplyCommand.RunAsync(
            settings,
            _ => function is null ? throw new InvalidOperationException("the functions must not be read") : new RegistryLambdaApi([function], "us-east-1"),
            new FakeKeySources(),
            _console.Console,
            TimeProvider.System,
            CancellationToken.None);
    }

    private Task<string> WriteAsync(TuningReport report, bool sign, string folder = "run") =>
        ReportFiles.WriteAsync(Path.Combine(_folder.FullName, folder), report, sign ? KeyPath : null);
}
