using Tuner.LocalLambda.Api;
using Tuner.LocalLambda.Functions;

namespace Tuner.LocalLambda.Tests.Functions;

public sealed class LocalArnTests
{
    [Theory]
    [InlineData("orders", null, "orders", null)]
    [InlineData("orders:live", null, "orders", "live")]
    [InlineData("orders", "3", "orders", "3")]
    [InlineData("000000000000:function:orders", null, "orders", null)]
    [InlineData("000000000000:function:orders:7", null, "orders", "7")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:orders", null, "orders", null)]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:orders:$LATEST", null, "orders", "$LATEST")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:orders:2", "2", "orders", "2")]
    public void Parse_AcceptedIdentifierForms_NameAndQualifier(string identifier, string? explicitQualifier, string name, string? qualifier)
    {
        var parsed = LocalArn.Parse(identifier, explicitQualifier);

        Assert.Equal((name, qualifier), parsed);
    }

    [Fact]
    public void Parse_QualifierConflictsWithExplicitOne_InvalidParameter()
    {
        var error = Assert.Throws<LambdaServiceException>(() => LocalArn.Parse("orders:1", "2"));

        Assert.Equal("InvalidParameterValueException", error.ErrorType);
    }

    [Theory]
    [InlineData("a:b:c:d:e")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("")]
    public void Parse_Malformed_InvalidParameter(string identifier)
    {
        var error = Assert.Throws<LambdaServiceException>(() => LocalArn.Parse(identifier, null));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Status);
    }

    [Fact]
    public void Function_WithQualifier_LocalAccountArn()
    {
        Assert.Equal("arn:aws:lambda:eu-west-1:000000000000:function:orders:5", LocalArn.Function("eu-west-1", "orders", "5"));
    }
}
