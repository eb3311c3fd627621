using System.Net;
using System.Text.Json.Nodes;
using Tuner.Aws.Configuration;
using Tuner.Cli.Commands;
using Tuner.Cli.Tests.TestHelpers;

namespace Tuner.Cli.Tests.Commands;

public sealed class StartCommandTests : IDisposable
{
    private const string Request = """{"job":"reference-weekly","targets":[{"function":"tuner-reference-ingest","memoryMb":[512,1024]}]}""";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 20, 30, 15, 123, TimeSpan.Zero);
    private const string RunId = "reference-weekly-20261121-203015123";

    private readonly FakeDeployment _aws = new();
    private readonly string _requestFile = Path.Combine(Path.GetTempPath(), "tuner-start-" + Guid.NewGuid().ToString("N") + ".json");

    public StartCommandTests() => File.WriteAllText(_requestFile, Request);

    public void Dispose()
    {
        _aws.Dispose();
        File.Delete(_requestFile);
    }

    private Task<int> StartAsync(params string[] extra) =>
        StartCommand.Create(_aws.Connect, _aws.Console, new FixedTimeProvider(Now), TimeSpan.Zero)
            .Parse(["start", _requestFile, "--out", _aws.OutDirectory, .. extra]).InvokeAsync();

    [Fact]
    public async Task Start_DeployedStack_StartsFollowsDownloadsAndVerifies()
    {
        _aws.WithStack().WithExecution(RunId, cells: 4).WithSignedReport(RunId);

        var exit = await StartAsync();

        Assert.True(exit == 0, _aws.Output);
        var start = Assert.Single(_aws.Handler.Requests, r => r.Operation == "StartExecution");
        var body = JsonNode.Parse(start.Body)!;
        Assert.Equal(FakeDeployment.StateMachineArn, (string?)body["stateMachineArn"]);
        Assert.Equal(RunId, (string?)body["name"]);
        Assert.Equal(Request, (string?)body["input"]);
        Assert.True(File.Exists(Path.Combine(_aws.OutDirectory, "report.json")));
        Assert.True(File.Exists(Path.Combine(_aws.OutDirectory, "report.sig.json")));
        Assert.True(File.Exists(Path.Combine(_aws.OutDirectory, "report.html")));
        Assert.Contains("Measure: 4/4 units measured", _aws.Output, StringComparison.Ordinal);
        Assert.Contains("Signature verified", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Requests_SignedWithSigV4ForEachService()
    {
        _aws.WithStack().WithExecution(RunId).WithSignedReport(RunId);

        await StartAsync();

        foreach (var (operation, service) in new[] { ("DescribeStacks", "cloudformation"), ("StartExecution", "states"), ("DescribeExecution", "states") })
        {
            var request = _aws.Handler.Requests.First(r => r.Operation == operation).Request;
            var authorization = request.Headers.GetValues("Authorization").Single();
            Assert.Matches($"^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{{8}}/us-east-1/{service}/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{{64}}$", authorization);
            Assert.True(request.Headers.Contains("X-Amz-Date"));
        }

        Assert.Equal("AWSStepFunctions.StartExecution", _aws.Handler.Requests.First(r => r.Operation == "StartExecution").Request.Headers.GetValues("X-Amz-Target").Single());
    }

    [Fact]
    public async Task Start_ReportAlteredAfterSigning_ExitsNonZeroAndSaysNotToTrustIt()
    {
        _aws.WithStack().WithExecution(RunId).WithSignedReport(RunId, tamper: true);

        var exit = await StartAsync();

        Assert.Equal(1, exit);
        Assert.Contains("does NOT verify", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidRequest_ListsProblemsWithoutCallingAws()
    {
        File.WriteAllText(_requestFile, """{"job":"bad job!","targets":[]}""");
        var connected = false;
        var command = StartCommand.Create(_ => { connected = true; return _aws.Connect(default); }, _aws.Console, new FixedTimeProvider(Now), TimeSpan.Zero);

        var exit = await command.Parse(["start", _requestFile]).InvokeAsync();

        Assert.Equal(2, exit);
        Assert.False(connected);
        Assert.Empty(_aws.Handler.Requests);
        Assert.Contains("job:", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_StackMissing_ExitsWithStackErrorNamingIt()
    {
        _aws.WithoutStack();

        var exit = await StartAsync("--stack", "Tuner");

        Assert.Equal(4, exit);
        Assert.Contains("'Tuner' does not exist in region us-east-1", _aws.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(_aws.Handler.Requests, r => r.Operation == "StartExecution");
    }

    [Fact]
    public async Task Start_StackWithoutTunerOutputs_ExitsWithStackError()
    {
        _aws.WithStack(withOutputs: false);

        var exit = await StartAsync();

        Assert.Equal(4, exit);
        Assert.Contains("has no output 'StateMachineArn'", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AccessDenied_ExitsWithAccessDeniedMessage()
    {
        _aws.WithStack();
        _aws.Handler.On("StartExecution", _ => FakeAwsHttpHandler.JsonError(
            "AccessDeniedException", "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: states:StartExecution"));

        var exit = await StartAsync();

        Assert.Equal(5, exit);
        Assert.Contains("access denied", _aws.Output, StringComparison.Ordinal);
        Assert.Contains("states:StartExecution", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoCredentials_ExitsWithWhatToSet()
    {
        var environment = new AwsEnvironment("us-east-1", "tuner-test-profile-that-does-not-exist", new Dictionary<string, Uri>(), null);
        var command = StartCommand.Create(
            _ => { using var factory = new AwsClientFactory(environment); return Task.FromResult(_aws.Clients); },
            _aws.Console,
            new FixedTimeProvider(Now),
            TimeSpan.Zero);

        var exit = await command.Parse(["start", _requestFile]).InvokeAsync();

        Assert.Equal(3, exit);
        Assert.Contains("tuner-test-profile-that-does-not-exist", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RunFails_PrintsErrorAndCause()
    {
        _aws.WithStack().WithExecution(RunId, finalStatus: "FAILED", error: "Tuner.BudgetExceeded", cause: "estimated 3.10 USD > budget 1.00 USD");

        var exit = await StartAsync();

        Assert.Equal(1, exit);
        Assert.Contains("FAILED", _aws.Output, StringComparison.Ordinal);
        Assert.Contains("Tuner.BudgetExceeded", _aws.Output, StringComparison.Ordinal);
        Assert.Contains("estimated 3.10 USD", _aws.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(_aws.Handler.Requests, r => r.Operation.EndsWith("report.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_NoWait_ReturnsAfterStarting()
    {
        _aws.WithStack().WithExecution(RunId);

        var exit = await StartAsync("--no-wait");

        Assert.Equal(0, exit);
        Assert.DoesNotContain(_aws.Handler.Requests, r => r.Operation == "DescribeExecution");
        Assert.Contains("tuner watch " + FakeDeployment.ExecutionArn(RunId), _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultRunId_LongJobName_FitsExecutionNameLimit()
    {
        var id = StartCommand.DefaultRunId(new string('j', 64), Now);

        Assert.True(id.Length <= 80, id);
        Assert.EndsWith("-20261121-203015123", id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ServiceUnavailable_ExitsWithAwsError()
    {
        _aws.Handler.On("DescribeStacks", _ => FakeAwsHttpHandler.Xml("<ErrorResponse><Error><Code>InternalFailure</Code><Message>boom</Message></Error></ErrorResponse>", HttpStatusCode.InternalServerError));

        var exit = await StartAsync();

        Assert.Equal(6, exit);
        Assert.Contains("InternalFailure", _aws.Output, StringComparison.Ordinal);
    }
}
