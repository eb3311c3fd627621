using System.Text;
using Tuner.LocalLambda.Api;

namespace Tuner.LocalLambda.Tests.Api;

public sealed class InvokeEndpointTests
{
    [Fact]
    public void DecodeClientContext_Base64Json_IsDecoded() =>
        Assert.Equal("""{"custom":{"a":1}}""", InvokeEndpoint.DecodeClientContext(Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"custom":{"a":1}}"""))));

    [Fact]
    public void DecodeClientContext_NoHeader_IsNull() => Assert.Null(InvokeEndpoint.DecodeClientContext(string.Empty));

    [Fact]
    public void DecodeClientContext_NotBase64_IsLambdasInvalidParameter()
    {
        var error = Assert.Throws<LambdaServiceException>(() => InvokeEndpoint.DecodeClientContext("not base64!"));

        Assert.Equal("InvalidParameterValueException", error.ErrorType);
        Assert.Equal("Client context must be a valid Base64-encoded JSON object.", error.Message);
    }
}
