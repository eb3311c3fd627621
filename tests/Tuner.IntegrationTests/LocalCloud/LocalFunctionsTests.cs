using Tuner.LocalCloud;
using Tuner.LocalLambda;

namespace Tuner.IntegrationTests.LocalCloud;

/// <summary>The functions a local cloud registers, read without starting anything.</summary>
public sealed class LocalFunctionsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tuner-localfunctions-");

    [Fact]
    public void System_TunersFunctions_TakeTheAslTimeoutsTheSettingsAndTheComponentTag()
    {
        var definition = Write("tuner.asl.json", """
            {"StartAt":"Planner","States":{"Planner":{"Type":"Task","Resource":"${PlannerFunctionArn}","TimeoutSeconds":300,"End":true}}}
            """);
        var options = new LocalCloudOptions { DefinitionPath = definition, FunctionsAssemblyPath = "/tuner/Tuner.Functions.dll", SigningKeyPath = "/keys/local.pem", Bucket = "b1" };

        var functions = LocalFunctions.System(options).ToDictionary(f => f.Name);

        Assert.Equal(LocalCloudSession.SystemFunctions.Values.Order(), functions.Keys.Order());
        var planner = functions[LocalCloudSession.SystemFunctions["Planner"]];
        Assert.Equal("/tuner/Tuner.Functions.dll::Tuner.Functions.Planner::Handle", planner.Handler);
        Assert.Equal(300, planner.TimeoutSeconds);
        Assert.Equal(900, functions[LocalCloudSession.SystemFunctions["Cleaner"]].TimeoutSeconds);
        Assert.Equal(1024, planner.MemoryMb);
        Assert.True(planner.System);
        Assert.Equal("b1", planner.Environment["TUNER_BUCKET"]);
        Assert.Equal("local", planner.Environment["TUNER_MODE"]);
        Assert.Equal("/keys/local.pem", planner.Environment["TUNER_LOCAL_KEY_PATH"]);
        Assert.Equal("Planner", planner.Tags["tuner:component"]);
    }

    [Fact]
    public void System_ExecutorBudget_EveryTunerFunctionGetsItInWholeSecondsAndNoneWithout()
    {
        var definition = Write("tuner.asl.json", """
            {"StartAt":"Planner","States":{"Planner":{"Type":"Task","Resource":"${PlannerFunctionArn}","End":true}}}
            """);
        var options = new LocalCloudOptions { DefinitionPath = definition, FunctionsAssemblyPath = "/tuner/Tuner.Functions.dll", SigningKeyPath = "/keys/local.pem" };

        var budgeted = LocalFunctions.System(options with { ExecutorBudget = TimeSpan.FromSeconds(3) }).ToList();
        var unset = LocalFunctions.System(options).ToList();

        Assert.All(budgeted, f => Assert.Equal("3", f.Environment["TUNER_EXECUTOR_SECONDS"]));
        Assert.All(unset, f => Assert.False(f.Environment.ContainsKey("TUNER_EXECUTOR_SECONDS")));
    }

    [Fact]
    public void Targets_ATargetNamedLikeTunersOwn_IsRefused()
    {
        var options = new LocalCloudOptions
        {
            DefinitionPath = "unused",
            FunctionsAssemblyPath = "unused",
            SigningKeyPath = "unused",
            Targets = [new LocalFunctionDefinition { Name = LocalCloudSession.SystemFunctions["Executor"], Bootstrap = "/bin/true" }],
        };

        var error = Assert.Throws<InvalidOperationException>(() => LocalFunctions.Targets(options));

        Assert.Equal($"target '{LocalCloudSession.SystemFunctions["Executor"]}' uses the name of one of Tuner's own functions", error.Message);
    }

    [Fact]
    public void ResolveAssembly_ABareAssemblyName_IsFoundInTheSearchFolders()
    {
        var assembly = Write("Orders.dll", "not really an assembly");

        Assert.Equal(assembly + "::Orders.Ingest::Handle", LocalFunctions.ResolveAssembly("Orders::Orders.Ingest::Handle", [_folder.FullName]));
        Assert.Equal("no-separator", LocalFunctions.ResolveAssembly("no-separator", [_folder.FullName]));
        Assert.Throws<FileNotFoundException>(() => LocalFunctions.ResolveAssembly("Missing::M.N::Handle", [_folder.FullName]));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}
