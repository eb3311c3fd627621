using Tuner.Tests.TestSupport;

namespace Tuner.Contracts.Tests;

/// <summary>The shared repository root finder (tests/TestSupport/RepoFiles.cs) every test project compiles in.</summary>
public sealed class RepoFilesTests
{
    [Fact]
    public void Root_FromTestOutput_FolderHoldingTheSolutionAndCdkJson()
    {
        Assert.True(File.Exists(Path.Combine(RepoFiles.Root, "Tuner.sln")));
        Assert.True(File.Exists(Path.Combine(RepoFiles.Root, "cdk.json")));
    }

    [Fact]
    public void Path_Parts_CombinedBelowTheRoot()
    {
        Assert.Equal(Path.Combine(RepoFiles.Root, "statemachine", "tuner.asl.json"), RepoFiles.Path("statemachine", "tuner.asl.json"));
    }

    [Fact]
    public void FindRoot_FromAFolderBelowTheRoot_TheRoot()
    {
        Assert.Equal(RepoFiles.Root, RepoFiles.FindRoot(RepoFiles.Path("functions", "Tuner.Contracts")));
    }

    [Fact]
    public void FindRoot_NoSolutionAbove_ThrowsNamingTheStart()
    {
        var start = Directory.CreateTempSubdirectory("repofiles-").FullName;
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => RepoFiles.FindRoot(start));

            Assert.Contains(start, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(start);
        }
    }
}
