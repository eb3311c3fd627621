using System.Security.Cryptography;
using System.Text;
using Tuner.LocalLambda.Functions;

namespace Tuner.LocalLambda.Tests.Functions;

public sealed class CodeIdentityTests
{
    [Fact]
    public void OfZip_IsTheBase64Sha256OfTheBytes() =>
        Assert.Equal(Convert.ToBase64String(SHA256.HashData("zip"u8.ToArray())), CodeIdentity.OfZip("zip"u8.ToArray()));

    [Fact]
    public void OfRegistered_AnExistingBootstrap_HashesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tuner-bootstrap-{Guid.NewGuid():N}");
        File.WriteAllText(path, "#!/bin/sh\necho v1\n");
        try
        {
            var first = CodeIdentity.OfRegistered(null, path);
            File.WriteAllText(path, "#!/bin/sh\necho v2\n");

            Assert.Equal(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("#!/bin/sh\necho v1\n"))), first);
            Assert.NotEqual(first, CodeIdentity.OfRegistered(null, path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OfRegistered_AHandlerWithoutItsAssembly_HashesTheHandlerString()
    {
        const string handler = "/nowhere/Orders.dll::Orders.Ingest::Handle";

        Assert.Equal(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(handler))), CodeIdentity.OfRegistered(handler, null));
    }
}
