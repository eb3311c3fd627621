using Tuner.Aws.Signing;
using Tuner.Cli.Run;
using Tuner.Cli.Tests.TestHelpers;

namespace Tuner.Cli.Tests.Run;

/// <summary>What <see cref="LocalRun"/> decides without engines: the history seeding's messages and the exit codes.</summary>
public sealed class LocalRunTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tuner-localrun-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task SeedHistoryAsync_NoLocalKey_SaysFirstRunAndNeverOpensTheBucket()
    {
        var console = new TextConsole();
        var keyPath = Path.Combine(_folder.FullName, "keys", LocalSigningKey.PrivateKeyFileName);

        await LocalRun.SeedHistoryAsync(console.Console, () => throw new InvalidOperationException("bucket opened"), "orders", _folder.FullName, keyPath, CancellationToken.None);

        Assert.Contains("Week to week: no local signing key yet", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedHistoryAsync_NoReportOfTheJob_SaysNothingToCompareWithAndNeverOpensTheBucket()
    {
        var console = new TextConsole();
        var keyPath = Path.Combine(_folder.FullName, "keys", LocalSigningKey.PrivateKeyFileName);
        _ = new LocalKeyReportSigner(keyPath);
        LocalSigningKey.LoadOrCreate(keyPath);

        await LocalRun.SeedHistoryAsync(console.Console, () => throw new InvalidOperationException("bucket opened"), "orders", Path.Combine(_folder.FullName, "reports"), keyPath, CancellationToken.None);

        Assert.Contains("Week to week: no verified report of job orders", console.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false, 3, 0)]
    [InlineData(true, true, 0, 0)]
    [InlineData(true, true, 2, 7)]
    [InlineData(false, true, 2, 1)]
    [InlineData(false, false, 0, 1)]
    public void ExitCode_VerdictAndAlerts_AreTheRunsExitCode(bool verified, bool failOnAlert, int alerts, int expected) =>
        Assert.Equal(expected, LocalRun.ExitCode(verified, failOnAlert, alerts));

    [Theory]
    [InlineData(null, "(no cause)")]
    [InlineData("", "(no cause)")]
    [InlineData("TimeoutException: too slow", "TimeoutException: too slow")]
    [InlineData("""{"errorType":"X","errorMessage":"the target failed"}""", "the target failed")]
    public void DescribeCause_Cause_IsWhatAPersonReads(string? cause, string expected) =>
        Assert.Equal(expected, LocalRun.DescribeCause(cause));
}
