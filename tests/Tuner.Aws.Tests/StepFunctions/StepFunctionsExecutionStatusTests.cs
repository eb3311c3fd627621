using System.Net;
using Tuner.Aws.Http;
using Tuner.Aws.StepFunctions;
using Tuner.Aws.Tests.TestHelpers;
using Tuner.Core.Ports;

namespace Tuner.Aws.Tests.StepFunctions;

/// <summary>
/// The ended-run check a lease takeover relies on, on AWS: an expired lease may be taken over only when DescribeExecution
/// says the run's execution has stopped (or Step Functions no longer knows it); a running one, or a lease with no
/// execution to ask about, is never reported ended.
/// </summary>
public sealed class StepFunctionsExecutionStatusTests
{
    private const string Execution = "arn:aws:states:us-east-1:123456789012:execution:tuner:run-1";

    private readonly FakeHttpHandler _handler = new();

    private StepFunctionsExecutionStatus Status() => new(new StepFunctionsClient(TestSettings.Create(_handler)));

    private void Describes(string status) => _handler.Respond(HttpStatusCode.OK, $$"""
        {"executionArn":"{{Execution}}","stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:tuner","name":"run-1","status":"{{status}}","startDate":1763452800,"input":"{}"}
        """);

    [Theory]
    [InlineData("RUNNING")]
    [InlineData("PENDING_REDRIVE")]
    public async Task GetState_ExecutionStillRunning_Running(string status)
    {
        Describes(status);

        Assert.Equal(ExecutionState.Running, await Status().GetStateAsync("run-1", Execution));
        Assert.Equal("AWSStepFunctions.DescribeExecution", Assert.Single(_handler.Requests).Header("X-Amz-Target"));
    }

    [Theory]
    [InlineData("SUCCEEDED")]
    [InlineData("FAILED")]
    [InlineData("TIMED_OUT")]
    [InlineData("ABORTED")]
    public async Task GetState_ExecutionStopped_Ended(string status)
    {
        Describes(status);

        Assert.Equal(ExecutionState.Ended, await Status().GetStateAsync("run-1", Execution));
    }

    [Fact]
    public async Task GetState_ExecutionNoLongerKnown_Ended()
    {
        _handler.Respond(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist","message":"Execution Does Not Exist"}""");

        Assert.Equal(ExecutionState.Ended, await Status().GetStateAsync("run-1", Execution));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task GetState_LeaseWithoutAnExecution_UnknownWithoutAsking(string? executionArn)
    {
        Assert.Equal(ExecutionState.Unknown, await Status().GetStateAsync("run-1", executionArn));
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task GetState_AccessDenied_ThrowsRatherThanCallingItEnded()
    {
        _handler.Respond(HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","message":"not authorized to perform: states:DescribeExecution"}""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Status().GetStateAsync("run-1", Execution));

        Assert.Equal("AccessDeniedException", error.ErrorCode);
    }
}
