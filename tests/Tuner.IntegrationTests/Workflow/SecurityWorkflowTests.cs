using System.Text;
using Tuner.Contracts;
using Tuner.LocalCloud;

namespace Tuner.IntegrationTests.Workflow;

/// <summary>Attacks on a local run, refused end to end on the real local engines.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "Security")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class SecurityWorkflowTests(LocalEnginesFixture fixture)
{
    [Fact]
    public async Task Run_TunersOwnExecutorTaggedAllow_RefusedAndTheFunctionUnchanged()
    {
        // Someone who may tag functions tags Tuner's Executor tuner:allow: tuning it would change the environment of the
        // code that invokes every target. Before, the Planner accepted it like any tagged function.
        var engines = await fixture.GetWorkflowAsync();
        var executor = LocalCloudSession.SystemFunctions["Executor"];
        var tags = $"2017-03-31/tags/{Uri.EscapeDataString(engines.Cloud.Lambda.FunctionArn(executor))}";
        using var http = new HttpClient { BaseAddress = engines.Cloud.Lambda.Endpoint };
        using var allow = new StringContent("""{"Tags":{"tuner:allow":"true"}}""", Encoding.UTF8, "application/json");
        using (var tag = await http.PostAsync(tags, allow))
        {
            tag.EnsureSuccessStatusCode();
        }

        try
        {
            var before = await engines.Lambda.GetFunctionConfigurationAsync(executor);

            var (run, events) = await WorkflowRun.ExecuteAsync(engines, WorkflowRun.Request(executor, "[256]"));

            Assert.Equal("FAILED", run.Outcome.Status.ToApiName());
            Assert.Equal("FunctionNotAllowedException", run.Outcome.Error);
            Assert.Contains("is Tuner's own Executor function", run.Outcome.Cause, StringComparison.Ordinal);
            Assert.DoesNotContain(events, e => e.Event == "StateEntered" && e.State == "Measure");
            await WorkflowRun.AssertUnchangedAsync(engines, executor, before);
        }
        finally
        {
            using var untag = await http.DeleteAsync(tags + "?tagKeys=tuner%3Aallow");
            untag.EnsureSuccessStatusCode();
        }
    }
}
