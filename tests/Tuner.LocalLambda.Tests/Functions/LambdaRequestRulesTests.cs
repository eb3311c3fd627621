using System.Net;
using Tuner.LocalLambda.Api;
using Tuner.LocalLambda.Functions;

namespace Tuner.LocalLambda.Tests.Functions;

public sealed class LambdaRequestRulesTests
{
    [Theory]
    [InlineData(128)]
    [InlineData(10240)]
    public void ValidateMemory_TheBounds_AreAllowed(int memoryMb) => LambdaRequestRules.ValidateMemory(memoryMb);

    [Theory]
    [InlineData(127, "greater than or equal to 128")]
    [InlineData(10241, "less than or equal to 10240")]
    public void ValidateMemory_OutOfRange_IsLambdasValidationError(int memoryMb, string constraint)
    {
        var error = Assert.Throws<LambdaServiceException>(() => LambdaRequestRules.ValidateMemory(memoryMb));

        Assert.Equal("InvalidParameterValueException", error.ErrorType);
        Assert.Equal($"1 validation error detected: Value '{memoryMb}' at 'memorySize' failed to satisfy constraint: Member must have value {constraint}", error.Message);
    }

    [Theory]
    [InlineData(0, "greater than or equal to 1")]
    [InlineData(901, "less than or equal to 900")]
    public void ValidateTimeout_OutOfRange_NamesTheConstraint(int seconds, string constraint)
    {
        var error = Assert.Throws<LambdaServiceException>(() => LambdaRequestRules.ValidateTimeout(seconds));

        Assert.EndsWith(constraint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateEnvironment_NamesAndValuesOver4Kb_AreRefused()
    {
        LambdaRequestRules.ValidateEnvironment(new Dictionary<string, string> { ["A"] = new string('x', 4095) });

        var error = Assert.Throws<LambdaServiceException>(() => LambdaRequestRules.ValidateEnvironment(new Dictionary<string, string> { ["AB"] = new string('x', 4095) }));
        Assert.Contains("exceeded the 4KB limit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("live", true)]
    [InlineData("blue_green-2", true)]
    [InlineData("42", false)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    public void ValidateAliasName_FollowsLambdasPattern(string name, bool allowed)
    {
        var error = Record.Exception(() => LambdaRequestRules.ValidateAliasName(name));

        Assert.Equal(allowed, error is null);
    }

    [Fact]
    public void ThrowIfRevisionChanged_OnlyAnotherNamedRevision_Is412()
    {
        LambdaRequestRules.ThrowIfRevisionChanged("rev-1", null);
        LambdaRequestRules.ThrowIfRevisionChanged("rev-1", "rev-1");

        var error = Assert.Throws<LambdaServiceException>(() => LambdaRequestRules.ThrowIfRevisionChanged("rev-1", "rev-0"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.Status);
        Assert.Equal("PreconditionFailedException", error.ErrorType);
    }

    [Fact]
    public void ThrowIfCodeChanged_AnotherCodeSha_NamesBoth()
    {
        LambdaRequestRules.ThrowIfCodeChanged("abc=", null);

        var error = Assert.Throws<LambdaServiceException>(() => LambdaRequestRules.ThrowIfCodeChanged("abc=", "xyz="));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.StartsWith("CodeSHA256 (xyz=) is different from current CodeSHA256 in $LATEST (abc=)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UpdateInProgress_IsAConflictNamingTheFunction()
    {
        var error = LambdaRequestRules.UpdateInProgress("arn:aws:lambda:us-east-1:000000000000:function:f");

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.EndsWith("An update is in progress for resource: arn:aws:lambda:us-east-1:000000000000:function:f", error.Message, StringComparison.Ordinal);
    }
}
