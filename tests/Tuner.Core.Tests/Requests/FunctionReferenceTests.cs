using Tuner.Core.Requests;

namespace Tuner.Core.Tests.Requests;

public sealed class FunctionReferenceTests
{
    [Fact]
    public void Parse_BareName_NoArnParts()
    {
        var reference = FunctionReference.Parse("orders-ingest");

        Assert.Equal("orders-ingest", reference.Name);
        Assert.False(reference.IsArn);
        Assert.Null(reference.RefusalFor("us-east-1"));
        Assert.Null(reference.AccountRefusalFor("arn:aws:lambda:us-east-1:123456789012:function:orders-ingest"));
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:orders", "aws", "us-east-1")]
    [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:function:orders", "aws-cn", "cn-north-1")]
    [InlineData("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders", "aws-us-gov", "us-gov-west-1")]
    public void Parse_Arn_PartitionRegionAccountAndName(string arn, string partition, string region)
    {
        var reference = FunctionReference.Parse(arn);

        Assert.Equal(new FunctionReference("orders", partition, region, "123456789012"), reference);
        Assert.True(reference.IsArn);
        Assert.Null(reference.RefusalFor(region));
    }

    [Theory]
    [InlineData("us-east-1", "aws")]
    [InlineData("eu-central-2", "aws")]
    [InlineData("cn-northwest-1", "aws-cn")]
    [InlineData("us-gov-east-1", "aws-us-gov")]
    [InlineData("us-iso-east-1", "aws-iso")]
    [InlineData("us-isob-east-1", "aws-iso-b")]
    public void PartitionOf_Region_ItsPartition(string region, string partition) =>
        Assert.Equal(partition, FunctionReference.PartitionOf(region));

    [Fact]
    public void RefusalFor_OtherRegionSamePartition_SaysWhereToDeploy()
    {
        var reason = FunctionReference.Parse("arn:aws:lambda:eu-west-1:123456789012:function:orders").RefusalFor("us-east-1");

        Assert.Equal("is in region eu-west-1, but Tuner runs in us-east-1 and changes functions only there: deploy Tuner in eu-west-1 to tune it", reason);
    }

    [Fact]
    public void RefusalFor_GovCloudArnFromCommercialRegion_NamesBothPartitions()
    {
        var reason = FunctionReference.Parse("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders").RefusalFor("us-east-1");

        Assert.Equal("is in partition aws-us-gov, but Tuner runs in us-east-1 (partition aws) and changes functions only there", reason);
    }

    [Fact]
    public void AccountRefusalFor_FoundInAnotherAccount_NamesBothAndTheFunctionItWillNotChange()
    {
        var reason = FunctionReference.Parse("arn:aws:lambda:us-east-1:999999999999:function:orders")
            .AccountRefusalFor("arn:aws:lambda:us-east-1:123456789012:function:orders");

        Assert.NotNull(reason);
        Assert.StartsWith("is in account 999999999999, but Tuner runs in account 123456789012", reason, StringComparison.Ordinal);
        Assert.Contains("arn:aws:lambda:us-east-1:123456789012:function:orders, which Tuner will not change", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AccountRefusalFor_SameAccount_Null() =>
        Assert.Null(FunctionReference.Parse("arn:aws:lambda:us-east-1:123456789012:function:orders")
            .AccountRefusalFor("arn:aws:lambda:us-east-1:123456789012:function:orders"));

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:orders:live")]
    [InlineData("123456789012:function:orders")]
    public void Parse_QualifiedOrPartialArn_Throws(string function) =>
        Assert.Throws<ArgumentException>(() => FunctionReference.Parse(function));
}
