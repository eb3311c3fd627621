using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Tuner.Infra.Settings;

namespace Tuner.Infra.Tests.TestHelpers;

/// <summary>Builds a <see cref="TunerStack"/> the way the app does — context from the real cdk.json, read by
/// <see cref="ContextReader"/> — but with placeholder code folders (no dotnet publish) and, by default, the
/// test ASL fixture. One App per stack: <c>Template.FromStack</c> freezes its App.</summary>
public static class StackFactory
{
    /// <summary>The synthesized stack and its template, also as a JSON tree for checks across all resources.</summary>
    public sealed record Synthesized(TunerStack Stack, Template Template, JsonObject Json, TunerSettings Settings);

    /// <summary>The test ASL fixture.</summary>
    public static string TestAsl => Fixture("test.asl.json");

    /// <summary>A file under <c>Fixtures/</c> of the test output.</summary>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>The <c>context</c> object of the repository's cdk.json as plain values.</summary>
    public static Dictionary<string, object> CdkJsonContext()
    {
        var cdkJson = JsonNode.Parse(File.ReadAllText(Path.Combine(InfraEnvironment.RepositoryRoot, "cdk.json")))!;
        var context = (IDictionary<string, object?>)PlainJson.FromNode(cdkJson["context"])!;
        return context.ToDictionary(p => p.Key, p => p.Value!);
    }

    /// <summary>Synthesizes with cdk.json's context, <paramref name="contextOverrides"/> applied on top.</summary>
    public static Synthesized Synthesize(IReadOnlyDictionary<string, object>? contextOverrides = null, string? stateMachineFile = null)
    {
        var root = InfraEnvironment.RepositoryRoot;
        var context = CdkJsonContext();
        context[ContextReader.StateMachineFileKey] = stateMachineFile ?? TestAsl;
        foreach (var (key, value) in contextOverrides ?? new Dictionary<string, object>())
        {
            context[key] = value;
        }

        var app = new App(new AppProps { Context = context });
        var reader = new ContextReader(app.Node, root);
        var settings = reader.Read(PlaceholderCode("functions"), PlaceholderCode("workload"));
        var stack = new TunerStack(app, reader.StackName(), settings);
        var template = Template.FromStack(stack);
        var json = JsonSerializer.SerializeToNode(template.ToJSON())!.AsObject();
        return new Synthesized(stack, template, json, settings);
    }

    /// <summary>A folder with one file, standing in for dotnet publish output.</summary>
    public static string PlaceholderCode(string name)
    {
        var dir = Path.Combine(InfraEnvironment.RepositoryRoot, ".tmp", "infra-tests", "code", name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "placeholder.txt"), name);
        return dir;
    }
}
