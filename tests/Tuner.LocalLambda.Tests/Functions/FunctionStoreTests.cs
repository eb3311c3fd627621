using Tuner.LocalLambda.Api;
using Tuner.LocalLambda.Functions;
using Tuner.LocalLambda.Tests.TestHelpers;

namespace Tuner.LocalLambda.Tests.Functions;

public sealed class FunctionStoreTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FunctionStore _store;

    public FunctionStoreTests()
    {
        _store = new FunctionStore("us-east-1", TimeSpan.FromSeconds(1), _time);
        _store.Register(new LocalFunctionDefinition
        {
            Name = "orders",
            Handler = "/nowhere/Orders.dll::Orders.Ingest::Handle",
            MemoryMb = 256,
            TimeoutSeconds = 10,
            Environment = new Dictionary<string, string> { ["A"] = "1" },
            Tags = new Dictionary<string, string> { ["tuner:allow"] = "true" },
        });
    }

    [Fact]
    public void Update_WhileInProgress_ConflictUntilDelayPasses()
    {
        var first = _store.Update("orders", new ConfigurationUpdate(512, null, null, null));

        var conflict = Assert.Throws<LambdaServiceException>(() => _store.Update("orders", new ConfigurationUpdate(1024, null, null, null)));
        _time.Advance(TimeSpan.FromSeconds(1));
        var settled = _store.GetConfiguration("orders", null);

        Assert.Equal("InProgress", first.LastUpdateStatus);
        Assert.Equal(512, first.Config.MemoryMb);
        Assert.Equal("ResourceConflictException", conflict.ErrorType);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("Successful", settled.LastUpdateStatus);
        Assert.Equal(512, settled.Config.MemoryMb);
    }

    [Fact]
    public void Update_EveryChange_NewRevisionId()
    {
        var before = _store.GetConfiguration("orders", null).Config.RevisionId;

        var updated = _store.Update("orders", new ConfigurationUpdate(512, null, null, null, before));
        _time.Advance(TimeSpan.FromSeconds(1));
        var published = _store.Publish("orders", "v1");

        Assert.NotEqual(before, updated.Config.RevisionId);
        Assert.Equal(updated.Config.RevisionId, _store.GetConfiguration("orders", null).Config.RevisionId);
        Assert.NotEqual(updated.Config.RevisionId, published.Config.RevisionId);
    }

    [Fact]
    public void Update_StaleRevisionId_PreconditionFailedAndNothingChanged()
    {
        var seen = _store.GetConfiguration("orders", null).Config.RevisionId;
        _store.Update("orders", new ConfigurationUpdate(512, null, null, null));
        _time.Advance(TimeSpan.FromSeconds(1));

        var error = Assert.Throws<LambdaServiceException>(() => _store.Update("orders", new ConfigurationUpdate(1024, null, null, null, seen)));

        Assert.Equal("PreconditionFailedException", error.ErrorType);
        Assert.Equal(System.Net.HttpStatusCode.PreconditionFailed, error.Status);
        Assert.Equal(512, _store.GetConfiguration("orders", null).Config.MemoryMb);
    }

    [Fact]
    public void Publish_StaleRevisionId_PreconditionFailedAndNoVersion()
    {
        var seen = _store.GetConfiguration("orders", null).Config.RevisionId;
        _store.Update("orders", new ConfigurationUpdate(512, null, null, null));
        _time.Advance(TimeSpan.FromSeconds(1));

        var error = Assert.Throws<LambdaServiceException>(() => _store.Publish("orders", "tuner:r1 v1", seen));

        Assert.Equal("PreconditionFailedException", error.ErrorType);
        Assert.Single(_store.ListVersions("orders"));
    }

    [Fact]
    public void Publish_OtherCodeSha256_InvalidParameterNamingCodeSha256AndNoVersion()
    {
        var error = Assert.Throws<LambdaServiceException>(() => _store.Publish("orders", "tuner:r1 v1", codeSha256: "c29tZXRoaW5nIGVsc2U="));

        Assert.Equal("InvalidParameterValueException", error.ErrorType);
        Assert.Contains("CodeSHA256 (c29tZXRoaW5nIGVsc2U=) is different from current CodeSHA256 in $LATEST", error.Message, StringComparison.Ordinal);
        Assert.Single(_store.ListVersions("orders"));
    }

    [Fact]
    public void UpdateCode_NewZip_NewCodeShaAndRevisionAfterTheUpdateSettles()
    {
        var before = _store.GetConfiguration("orders", null).Config;

        var during = _store.UpdateCode("orders", "new code"u8.ToArray(), before.RevisionId);
        _time.Advance(TimeSpan.FromSeconds(1));
        var after = _store.GetConfiguration("orders", null).Config;

        Assert.Equal("InProgress", during.LastUpdateStatus);
        Assert.NotEqual(before.CodeSha256, after.CodeSha256);
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("new code"u8.ToArray())), after.CodeSha256);
        Assert.NotEqual(before.RevisionId, after.RevisionId);
        Assert.Equal(before.MemoryMb, after.MemoryMb);
    }

    [Fact]
    public void EnterInvocation_DuringUpdate_RunsPreviousConfiguration()
    {
        _store.Update("orders", new ConfigurationUpdate(512, null, null, null));

        var during = _store.EnterInvocation("orders", null);
        _time.Advance(TimeSpan.FromSeconds(1));
        var after = _store.EnterInvocation("orders", null);

        Assert.Equal(256, during.Config.MemoryMb);
        Assert.Equal(512, after.Config.MemoryMb);
        Assert.NotEqual(during.Config.EnvironmentKey, after.Config.EnvironmentKey);
        Assert.False(_store.IsCurrent(during.Config));
    }

    [Fact]
    public void Publish_ThenUpdate_VersionFrozen()
    {
        var v1 = _store.Publish("orders", null);
        _store.Update("orders", new ConfigurationUpdate(1024, 30, new Dictionary<string, string> { ["A"] = "2" }, null));
        _time.Advance(TimeSpan.FromSeconds(1));

        var frozen = _store.GetConfiguration("orders", "1");

        Assert.Equal("1", v1.Config.Version);
        Assert.Equal(256, frozen.Config.MemoryMb);
        Assert.Equal(10, frozen.Config.TimeoutSeconds);
        Assert.Equal("1", frozen.Config.Environment["A"]);
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:orders:1", frozen.FunctionArn);
    }

    [Fact]
    public void Publish_Unchanged_ReturnsLastVersion()
    {
        var first = _store.Publish("orders", null);
        var second = _store.Publish("orders", null);
        _store.Update("orders", new ConfigurationUpdate(512, null, null, null));
        _time.Advance(TimeSpan.FromSeconds(1));
        var third = _store.Publish("orders", null);

        Assert.Equal("1", first.Config.Version);
        Assert.Equal("1", second.Config.Version);
        Assert.Equal("2", third.Config.Version);
    }

    [Fact]
    public void Publish_DuringUpdate_Conflict()
    {
        _store.Update("orders", new ConfigurationUpdate(512, null, null, null));

        var error = Assert.Throws<LambdaServiceException>(() => _store.Publish("orders", null));

        Assert.Equal("ResourceConflictException", error.ErrorType);
    }

    [Theory]
    [InlineData(127, null)]
    [InlineData(10241, null)]
    [InlineData(null, 0)]
    [InlineData(null, 901)]
    public void Update_OutOfRange_InvalidParameterValue(int? memory, int? timeout)
    {
        var error = Assert.Throws<LambdaServiceException>(() => _store.Update("orders", new ConfigurationUpdate(memory, timeout, null, null)));

        Assert.Equal("InvalidParameterValueException", error.ErrorType);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Status);
    }

    [Fact]
    public void Delete_VersionReferencedByAlias_ConflictThenDeletedAfterAliasGoes()
    {
        _store.Publish("orders", null);
        _store.CreateAlias("orders", "live", "1", null);

        var conflict = Assert.Throws<LambdaServiceException>(() => _store.Delete("orders", "1"));
        _store.DeleteAlias("orders", "live");
        _store.Delete("orders", "1");
        var gone = Assert.Throws<LambdaServiceException>(() => _store.GetConfiguration("orders", "1"));

        Assert.Equal("ResourceConflictException", conflict.ErrorType);
        Assert.Equal("ResourceNotFoundException", gone.ErrorType);
    }

    [Fact]
    public void Delete_Latest_InvalidParameter()
    {
        var error = Assert.Throws<LambdaServiceException>(() => _store.Delete("orders", "$LATEST"));

        Assert.Equal("InvalidParameterValueException", error.ErrorType);
    }

    [Fact]
    public void EnterInvocation_AliasQualifier_ResolvesVersionAndKeepsInvokedArn()
    {
        _store.Publish("orders", null);
        _store.CreateAlias("orders", "live", "1", null);

        var resolved = _store.EnterInvocation("arn:aws:lambda:us-east-1:000000000000:function:orders:live", null);

        Assert.Equal("1", resolved.Config.Version);
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:orders:live", resolved.InvokedArn);
    }

    [Fact]
    public void EnterInvocation_AtReservedConcurrency_TooManyRequestsUntilExit()
    {
        _store.SetReservedConcurrency("orders", 1);
        _store.EnterInvocation("orders", null);

        var throttled = Assert.Throws<LambdaServiceException>(() => _store.EnterInvocation("orders", null));
        _store.ExitInvocation("orders");
        var admitted = _store.EnterInvocation("orders", null);

        Assert.Equal("TooManyRequestsException", throttled.ErrorType);
        Assert.Equal("ReservedFunctionConcurrentInvocationLimitExceeded", throttled.Reason);
        Assert.Equal("orders", admitted.Config.Name);
    }

    [Fact]
    public void GetConfiguration_Unknown_NotFoundWithArn()
    {
        var error = Assert.Throws<LambdaServiceException>(() => _store.GetConfiguration("missing", null));

        Assert.Equal("ResourceNotFoundException", error.ErrorType);
        Assert.Equal("Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing", error.Message);
    }

    [Fact]
    public void TagResource_ByArn_MergedWithRegistryTags()
    {
        _store.TagResource("arn:aws:lambda:us-east-1:000000000000:function:orders", new Dictionary<string, string> { ["team"] = "perf" });
        _store.UntagResource("orders", ["nothing"]);

        var tags = _store.ListTags("arn:aws:lambda:us-east-1:000000000000:function:orders");

        Assert.Equal("true", tags["tuner:allow"]);
        Assert.Equal("perf", tags["team"]);
    }
}
