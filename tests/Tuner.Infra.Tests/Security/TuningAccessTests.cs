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
}
