using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tuner.Infra.Tests.TestHelpers;
using static Tuner.Infra.Tests.TestHelpers.TemplateJson;

namespace Tuner.Infra.Tests.Security;

/// <summary>Which of Tuner's roles may write or read which keys of the bucket, read from the synthesized policies.</summary>
[Collection(CdkCollection.Name)]
public sealed class BucketAccessTests
{
    private static readonly string[] States = ["Planner", "Narrower", "Executor", "Reducer", "Cleaner"];
    private static readonly Lazy<StackFactory.Synthesized> Stack = new(() => StackFactory.Synthesize());

    [Fact]
    [Trait("Category", "Security")]
    public void PutObject_PlanJson_OnlyThePlannerMayWriteIt()
    {
        // Before: the Reducer's runs/* grant covered plan.json, which the Cleaner restores targets from.
        var writers = States.Where(state => MayWrite(state, "runs/20261201-000000-abcdef/plan.json")).ToList();

        Assert.Equal(["Planner"], writers);
    }

    [Fact]
    public void PutObject_ReportFiles_OnlyTheReducerMayWriteThem()
    {
        foreach (var key in new[] { "runs/r1/report.json", "runs/r1/report.sig.json", "jobs/orders/latest.json" })
        {
            Assert.Equal(["Reducer"], States.Where(state => MayWrite(state, key)).ToList());
        }
    }

    [Fact]
    [Trait("Category", "Security")]
    public void ReportReaderPolicy_ReadsReportsButNeverThePlanWithTheBaselines()
    {
        // Before: the reader policy's runs/* grant reached plan.json, which holds every target's baseline environment.
        var statements = ReaderStatements();

        Assert.True(Allows(statements, "s3:GetObject", "runs/r1/report.json"));
        Assert.True(Allows(statements, "s3:GetObject", "jobs/orders/latest.json"));
        Assert.True(Allows(statements, "s3:GetObject", "runs/r1/plan.json"), "runs/* is granted: the Deny below must hold");
        Assert.True(Denies(statements, "s3:GetObject", "runs/r1/plan.json"));
        Assert.True(Denies(statements, "s3:GetObjectVersion", "runs/r1/plan.json"));
    }

    [Fact]
    [Trait("Category", "Security")]
    public void Baselines_OnlyThePlannerAndTheCleanerReachThemAndNeverTheReportReaders()
    {
        const string key = "secrets/20261201-000000-abcdef/baselines.json";

        Assert.Equal(["Planner", "Cleaner"], States.Where(state => Allows(RoleStatements(state), "s3:GetObject", key)).ToList());
        Assert.Equal(["Planner"], States.Where(state => MayWrite(state, key)).ToList());
        Assert.False(Allows(ReaderStatements(), "s3:GetObject", key));
    }

    [Fact]
    [Trait("Category", "Security")]
    public void BaselinesKey_OnlyThePlannerAndTheCleanerMayUseItAndSecretsAreWrittenOnlyWithIt()
    {
        var json = Stack.Value.Json;
        var (keyId, keyResource) = Resources(json, "AWS::KMS::Key").Single(r => r.Resource["Properties"]!["KeySpec"] is null);
        var keyPolicy = Statements(keyResource["Properties"]!["KeyPolicy"]!).ToList();
        string RoleOfState(string state) => RoleOf(json, FunctionId(json, $"Tuner.Functions::Tuner.Functions.{state}::Handle"));
        List<string> Principals(string action) => [.. keyPolicy.Where(s => Actions(s).Contains(action)).Select(s => (string?)s["Principal"]!["AWS"]?["Fn::GetAtt"]?[0] ?? s["Principal"]!.ToJsonString())];

        Assert.Equal([RoleOfState("Planner"), RoleOfState("Cleaner")], Principals("kms:Decrypt"));
        Assert.Equal([RoleOfState("Planner")], Principals("kms:GenerateDataKey"));
        Assert.All(keyPolicy, s => Assert.DoesNotContain(Actions(s), a => a.Contains('*', StringComparison.Ordinal)));
        var bucketPolicy = Resources(json, "AWS::S3::BucketPolicy").SelectMany(p => Statements(p.Resource["Properties"]!["PolicyDocument"]!));
        var onlyWithKey = Assert.Single(bucketPolicy, s => (string?)s["Sid"] == "SecretsOnlyWithTheBaselinesKey");
        Assert.Equal("Deny", (string?)onlyWithKey["Effect"]);
        Assert.Equal(keyId, (string?)onlyWithKey["Condition"]!["StringNotEquals"]!["s3:x-amz-server-side-encryption-aws-kms-key-id"]!["Fn::GetAtt"]![0]);
        var planner = json["Resources"]![FunctionId(json, "Tuner.Functions::Tuner.Functions.Planner::Handle")]!["Properties"]!["Environment"]!["Variables"]!;
        Assert.Equal(keyId, (string?)planner["TUNER_SECRETS_KEY_ID"]!["Fn::GetAtt"]![0]);
    }

    private static List<JsonObject> ReaderStatements()
    {
        var reader = Resources(Stack.Value.Json, "AWS::IAM::ManagedPolicy")
            .Single(r => (string?)r.Resource["Properties"]!["Description"] == "Read Tuner reports and verify their signatures").Resource;
        return [.. Statements(reader["Properties"]!["PolicyDocument"]!)];
    }

    /// <summary>Whether the role of <paramref name="state"/>'s function has an Allow of s3:PutObject covering <paramref name="key"/>.</summary>
    internal static bool MayWrite(string state, string key) => Allows(RoleStatements(state), "s3:PutObject", key);

    internal static List<JsonObject> RoleStatements(string state) =>
        StatementsOfRole(Stack.Value.Json, RoleOf(Stack.Value.Json, FunctionId(Stack.Value.Json, $"Tuner.Functions::Tuner.Functions.{state}::Handle")));

    internal static bool Allows(IEnumerable<JsonObject> statements, string action, string key) => Matches(statements, "Allow", action, key);

    internal static bool Denies(IEnumerable<JsonObject> statements, string action, string key) => Matches(statements, "Deny", action, key);

    private static bool Matches(IEnumerable<JsonObject> statements, string effect, string action, string key) => statements
        .Where(s => (string?)s["Effect"] == effect && Actions(s).Any(a => a == action || a == "s3:*"))
        .Any(s => ObjectPatterns(s["Resource"]).Any(pattern => Glob(pattern).IsMatch(key)));

    /// <summary>The key patterns of a statement's object resources (<c>bucket ARN + "/runs/*"</c> → <c>runs/*</c>).</summary>
    private static IEnumerable<string> ObjectPatterns(JsonNode? resource)
    {
        foreach (var item in resource is JsonArray array ? array.ToList() : [resource])
        {
            if (item is JsonValue value && (string?)value == "*")
            {
                yield return "*";
            }
            else if (item?["Fn::Join"]?[1] is JsonArray parts && parts[^1] is JsonValue last && ((string?)last)?.StartsWith('/') == true)
            {
                yield return ((string)last!)[1..];
            }
        }
    }

    private static Regex Glob(string pattern) => new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));
}
