using System.Net;
using System.Text.Json;
using Tuner.Aws.Http;
using Tuner.Aws.StepFunctions;
using Tuner.Aws.Tests.TestHelpers;
using Tuner.Contracts;

namespace Tuner.Aws.Tests.StepFunctions;

public sealed class StepFunctionsClientTests
{
    private const string StateMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:tuner";
    private const string Execution = "arn:aws:states:us-east-1:123456789012:execution:tuner:run-1";

    private readonly FakeHttpHandler _handler = new();

    private StepFunctionsClient Client(Uri? endpoint = null) => new(TestSettings.Create(_handler), endpoint);

    [Fact]
    public async Task StartExecutionAsync_NameAndInput_PostsJson10WithTarget()
    {
        _handler.Respond(HttpStatusCode.OK, $$"""{"executionArn":"{{Execution}}","startDate":1.7634528E9}""");

        var result = await Client().StartExecutionAsync(StateMachine, """{"job":"orders"}""", "run-1");

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://states.us-east-1.amazonaws.com/", request.Uri.AbsoluteUri);
        Assert.Equal("AWSStepFunctions.StartExecution", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.0", request.Header("Content-Type"));
        Assert.Contains("/us-east-1/states/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(StateMachine, body.RootElement.GetProperty("stateMachineArn").GetString());
        Assert.Equal("""{"job":"orders"}""", body.RootElement.GetProperty("input").GetString());
        Assert.Equal("run-1", body.RootElement.GetProperty("name").GetString());
        Assert.Equal(Execution, result.ExecutionArn);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763452800), result.StartDate);
    }

    [Fact]
    public async Task DescribeExecutionAsync_Failed_ReturnsErrorAndCause()
    {
        _handler.Respond(HttpStatusCode.OK, $$"""
            {"executionArn":"{{Execution}}","stateMachineArn":"{{StateMachine}}","name":"run-1","status":"FAILED",
             "startDate":1763452800.5,"stopDate":1763452900,"input":"{}","error":"Tuner.InvalidRequest","cause":"targets[0].memoryMb[2]: 12000 is above 10240"}
            """);

        var execution = await Client().DescribeExecutionAsync(Execution);

        Assert.Equal("AWSStepFunctions.DescribeExecution", Assert.Single(_handler.Requests).Header("X-Amz-Target"));
        Assert.Equal("FAILED", execution.Status.ToApiName());
        Assert.True(execution.IsFinished);
        Assert.Equal("Tuner.InvalidRequest", execution.Error);
        Assert.Contains("12000 is above 10240", execution.Cause, StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763452800500), execution.StartDate);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763452900), execution.StopDate);
        Assert.Null(execution.Output);
    }

    [Fact]
    public async Task GetExecutionHistoryAsync_TwoPages_YieldsAllEventsWithDetails()
    {
        _handler
            .Respond(HttpStatusCode.OK, """
                {"events":[
                  {"id":1,"previousEventId":0,"type":"ExecutionStarted","timestamp":1763452800,"executionStartedEventDetails":{"input":"{}"}},
                  {"id":2,"previousEventId":1,"type":"TaskStateEntered","timestamp":1763452801,"stateEnteredEventDetails":{"name":"Planner","input":"{}"}}],
                 "nextToken":"page-2"}
                """)
            .Respond(HttpStatusCode.OK, """
                {"events":[{"id":3,"previousEventId":2,"type":"TaskFailed","timestamp":1763452802,"taskFailedEventDetails":{"error":"Lambda.Unknown","cause":"boom"}}]}
                """);

        var events = new List<ExecutionHistoryEvent>();
        await foreach (var e in Client().GetExecutionHistoryAsync(Execution))
        {
            events.Add(e);
        }

        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Id));
        Assert.Equal("Planner", events[1].StateName);
        Assert.Equal("Lambda.Unknown", events[2].Error);
        Assert.Equal("boom", events[2].Cause);
        Assert.Equal(2, _handler.Requests.Count);
        using var second = JsonDocument.Parse(_handler.Requests[1].Body);
        Assert.Equal("page-2", second.RootElement.GetProperty("nextToken").GetString());
        Assert.Equal("AWSStepFunctions.GetExecutionHistory", _handler.Requests[1].Header("X-Amz-Target"));
    }

    [Fact]
    public async Task ListExecutionsAsync_StatusFilter_SendsFilterAndParsesItems()
    {
        _handler.Respond(HttpStatusCode.OK, $$"""
            {"executions":[{"executionArn":"{{Execution}}","stateMachineArn":"{{StateMachine}}","name":"run-1","status":"RUNNING","startDate":1763452800}]}
            """);

        var executions = await Client().ListExecutionsAsync(StateMachine, "RUNNING", 10);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("AWSStepFunctions.ListExecutions", request.Header("X-Amz-Target"));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("RUNNING", body.RootElement.GetProperty("statusFilter").GetString());
        Assert.Equal(10, body.RootElement.GetProperty("maxResults").GetInt32());
        var item = Assert.Single(executions);
        Assert.Equal("run-1", item.Name);
        Assert.Equal(ExecutionStatus.Running, item.Status);
        Assert.Null(item.StopDate);
    }

    [Fact]
    public async Task DescribeExecutionAsync_NoStatus_ThrowsFormatExceptionNamingTheOperation()
    {
        _handler.Respond(HttpStatusCode.OK, $$"""{"executionArn":"{{Execution}}","stateMachineArn":"{{StateMachine}}","name":"run-1","startDate":1763452800}""");

        var error = await Assert.ThrowsAsync<FormatException>(() => Client().DescribeExecutionAsync(Execution));

        Assert.StartsWith("Step Functions' DescribeExecution answered an execution without a status Tuner knows (no execution status: Step Functions reports RUNNING,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListExecutionsAsync_UnknownStatus_ThrowsFormatExceptionNamingTheStatus()
    {
        _handler.Respond(HttpStatusCode.OK, $$"""
            {"executions":[{"executionArn":"{{Execution}}","name":"run-1","status":"PAUSED","startDate":1763452800}]}
            """);

        var error = await Assert.ThrowsAsync<FormatException>(() => Client().ListExecutionsAsync(StateMachine));

        Assert.Contains("ListExecutions", error.Message, StringComparison.Ordinal);
        Assert.Contains("'PAUSED' is not an execution status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeExecutionAsync_DoesNotExist_ThrowsNotFound()
    {
        _handler.Respond(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist","message":"Execution Does Not Exist: 'arn:...'"}""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client().DescribeExecutionAsync(Execution));

        Assert.Equal("ExecutionDoesNotExist", error.ErrorCode);
        Assert.True(error.IsNotFound);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task StartExecutionAsync_ThrottledThenOk_Retries()
    {
        _handler
            .Respond(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"Rate exceeded"}""")
            .Respond(HttpStatusCode.OK, $$"""{"executionArn":"{{Execution}}","startDate":1763452800}""");

        var result = await Client().StartExecutionAsync(StateMachine, "{}");

        Assert.Equal(Execution, result.ExecutionArn);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task StartExecutionAsync_AccessDenied_ThrowsClearMessage()
    {
        _handler.Respond(HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","message":"User is not authorized to perform: states:StartExecution"}""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client().StartExecutionAsync(StateMachine, "{}"));

        Assert.True(error.IsAccessDenied);
        Assert.Contains("states:StartExecution", error.Message, StringComparison.Ordinal);
        Assert.Contains("credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartExecutionAsync_EndpointOverride_SendsToOverride()
    {
        _handler.Respond(HttpStatusCode.OK, $$"""{"executionArn":"{{Execution}}","startDate":1763452800}""");

        await Client(new Uri("http://127.0.0.1:8083")).StartExecutionAsync(StateMachine, "{}");

        Assert.Equal("http://127.0.0.1:8083/", Assert.Single(_handler.Requests).Uri.AbsoluteUri);
    }
}
