using System.Net;
using Tuner.Aws.CloudFormation;
using Tuner.Aws.Http;
using Tuner.Aws.Tests.TestHelpers;

namespace Tuner.Aws.Tests.CloudFormation;

public sealed class CloudFormationClientTests
{
    private readonly FakeHttpHandler _handler = new();

    private CloudFormationClient Client() => new(TestSettings.Create(_handler));

    [Fact]
    public async Task DescribeStackAsync_ExistingStack_ParsesOutputs()
    {
        _handler.Respond(HttpStatusCode.OK, """
            <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <DescribeStacksResult><Stacks><member>
                <StackName>Tuner</StackName><StackId>arn:aws:cloudformation:us-east-1:1:stack/Tuner/abc</StackId>
                <StackStatus>UPDATE_COMPLETE</StackStatus>
                <Outputs>
                  <member><OutputKey>StateMachineArn</OutputKey><OutputValue>arn:aws:states:us-east-1:1:stateMachine:tuner</OutputValue></member>
                  <member><OutputKey>BucketName</OutputKey><OutputValue>tuner-reports-1</OutputValue></member>
                </Outputs>
              </member></Stacks></DescribeStacksResult>
              <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
            </DescribeStacksResponse>
            """);

        var stack = await Client().DescribeStackAsync("Tuner");

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("https://cloudformation.us-east-1.amazonaws.com/", request.Uri.AbsoluteUri);
        Assert.Equal("Action=DescribeStacks&Version=2010-05-15&StackName=Tuner", request.BodyText);
        Assert.StartsWith("application/x-www-form-urlencoded", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("/cloudformation/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("UPDATE_COMPLETE", stack.Status);
        Assert.Equal("arn:aws:states:us-east-1:1:stateMachine:tuner", stack.Outputs["StateMachineArn"]);
        Assert.Equal("tuner-reports-1", stack.Outputs["BucketName"]);
    }

    [Fact]
    public async Task DescribeStackAsync_MissingStack_ThrowsStackNotFound()
    {
        _handler.Respond(HttpStatusCode.BadRequest, """
            <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id Nope does not exist</Message></Error>
              <RequestId>r-2</RequestId>
            </ErrorResponse>
            """);

        var error = await Assert.ThrowsAsync<StackNotFoundException>(() => Client().DescribeStackAsync("Nope"));

        Assert.Equal("Nope", error.StackName);
        Assert.Contains("us-east-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeStackAsync_XmlAccessDenied_ThrowsAccessDenied()
    {
        _handler.Respond(HttpStatusCode.Forbidden, """
            <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: cloudformation:DescribeStacks</Message></Error><RequestId>r-3</RequestId></ErrorResponse>
            """);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client().DescribeStackAsync("Tuner"));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("r-3", error.RequestId);
        Assert.True(error.IsAccessDenied);
        Assert.Contains("cloudformation:DescribeStacks", error.Message, StringComparison.Ordinal);
    }
}
