using Tuner.Infra.Security;
using Tuner.Infra.Settings;
using Tuner.Infra.Tests.TestHelpers;
using static Tuner.Infra.Tests.TestHelpers.TemplateJson;

namespace Tuner.Infra.Tests.Security;

[Collection(CdkCollection.Name)]
public sealed class TuningAccessTests
{
    private const string Listed = "arn:aws:lambda:eu-west-1:123456789012:function:orders-ingest";

    private static StackFactory.Synthesized WithAllowList() =>
        StackFactory.Synthesize(new Dictionary<string, object> { [ContextReader.AllowedFunctionArnsKey] = new object[] { Listed } });

    [Fact]
    public void ChangeStatements_AllowList_ListedFunctionAndItsVersionsWithoutTagCondition()
    {
        var stack = WithAllowList();
        var role = RoleOf(stack.Json, FunctionId(stack.Json, "Tuner.Functions::Tuner.Functions.Planner::Handle"));
        var statements = StatementsOfRole(stack.Json, role);
        var tune = Assert.Single(statements, s => (string?)s["Sid"] == "TuneListedFunctions");
        Assert.Equal([Listed, Listed + ":*"], Strings(tune["Resource"]));
        Assert.Null(tune["Condition"]);
        Assert.DoesNotContain("lambda:DeleteFunction", Actions(tune));
        var delete = Assert.Single(statements, s => (string?)s["Sid"] == "DeleteVersionsOfListedFunctions");
        Assert.Equal([Listed + ":*"], Strings(delete["Resource"]));
        Assert.Equal(["lambda:DeleteFunction"], Actions(delete));
    }

    [Fact]
    public void InvokeStatements_AllowList_ExecutorMayInvokeListedFunction()
    {
        var stack = WithAllowList();
        var role = RoleOf(stack.Json, FunctionId(stack.Json, "Tuner.Functions::Tuner.Functions.Executor::Handle"));
        var invoke = Assert.Single(StatementsOfRole(stack.Json, role), s => (string?)s["Sid"] == "InvokeListedFunctions");
        Assert.Equal(["lambda:InvokeFunction"], Actions(invoke));
        Assert.Equal([Listed, Listed + ":*"], Strings(invoke["Resource"]));
    }

    [Fact]
    public void Environment_AllowList_PassedToPlannerAndCleaner()
    {
        var stack = WithAllowList();
        foreach (var state in new[] { "Planner", "Cleaner" })
        {
            var id = FunctionId(stack.Json, $"Tuner.Functions::Tuner.Functions.{state}::Handle");
            Assert.Equal(Listed, (string?)stack.Json["Resources"]![id]!["Properties"]!["Environment"]!["Variables"]!["TUNER_ALLOWED_FUNCTIONS"]);
        }
    }

    [Fact]
    public void ChangeStatements_NoAllowList_OnlyTagScopedStatements()
    {
        var access = new TuningAccess(new Amazon.CDK.Stack(), []);

        var sids = access.ChangeStatements().Select(s => s.Sid).ToList();

        Assert.Equal(["TuneTaggedFunctions", "DeleteVersionsOfTaggedFunctions"], sids);
    }

    [Fact]
    [Trait("Category", "Security")]
    public void OwnFunctionDenies_RolesThatTouchTargets_DenyTunersOwnFunctionsByTagAndByName()
    {
        // Without them, tagging the Planner tuner:allow (or allow-listing it) let Tuner change and invoke its own code.
        var stack = StackFactory.Synthesize();
        foreach (var state in new[] { "Planner", "Cleaner", "Executor", "Janitor" })
        {
            var statements = StatementsOfRole(stack.Json, RoleOf(stack.Json, FunctionId(stack.Json, $"Tuner.Functions::Tuner.Functions.{state}::Handle")));
            var byTag = Assert.Single(statements, s => (string?)s["Sid"] == "DenyTunerComponentsByTag");
            Assert.Equal("Deny", (string?)byTag["Effect"]);
            Assert.Contains("lambda:UpdateFunctionConfiguration", Actions(byTag));
            Assert.Contains("lambda:PublishVersion", Actions(byTag));
            Assert.Contains("lambda:InvokeFunction", Actions(byTag));
            Assert.Equal("false", (string?)byTag["Condition"]!["Null"]!["aws:ResourceTag/" + TuningAccess.ComponentTagKey]);
            var byName = Assert.Single(statements, s => (string?)s["Sid"] == "DenyTunerComponentsByName");
            Assert.Equal("Deny", (string?)byName["Effect"]);
            Assert.Equal(Actions(byTag), Actions(byName));
            Assert.All(Strings(byName["Resource"]), r => Assert.Contains($":function:{stack.Stack.StackName}-*", r, StringComparison.Ordinal));
        }
    }

    [Fact]
    [Trait("Category", "Security")]
    public void StateFunctions_EachTaggedAsTunersOwnComponent()
    {
        var stack = StackFactory.Synthesize();
        foreach (var state in new[] { "Planner", "Narrower", "Executor", "Reducer", "Cleaner", "Janitor" })
        {
            var tags = stack.Json["Resources"]![FunctionId(stack.Json, $"Tuner.Functions::Tuner.Functions.{state}::Handle")]!["Properties"]!["Tags"]!.AsArray();
            Assert.Contains(tags, t => (string?)t!["Key"] == TuningAccess.ComponentTagKey && (string?)t["Value"] == state);
        }

        var workload = stack.Json["Resources"]![FunctionId(stack.Json, "Tuner.Workload::Tuner.Workload.Ingest::Handle")]!["Properties"]!["Tags"]!.AsArray();
        Assert.DoesNotContain(workload, t => (string?)t!["Key"] == TuningAccess.ComponentTagKey);
    }
}
