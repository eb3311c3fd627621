using System.Text;
using Tuner.Contracts;
namespace Tuner.Contracts.Tests;

public sealed class ReportSignatureFileTests
{
    private static readonly ReportSignature Sample = new("ECDSA_SHA_256", "local:ab12", "00ff", "MEUCIQ==", new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Serialize_Signature_WritesCamelCaseFields()
    {
        var json = Encoding.UTF8.GetString(ReportSignatureFile.Serialize(Sample));

        Assert.Contains("\"algorithm\": \"ECDSA_SHA_256\"", json, StringComparison.Ordinal);
        Assert.Contains("\"keyId\": \"local:ab12\"", json, StringComparison.Ordinal);
        Assert.Contains("\"digestSha256\": \"00ff\"", json, StringComparison.Ordinal);
        Assert.Contains("\"signature\": \"MEUCIQ==\"", json, StringComparison.Ordinal);
        Assert.Contains("\"signedAt\": \"2026-01-15T10:00:00+00:00\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SerializedSignature_RoundTrips()
    {
        Assert.Equal(Sample, ReportSignatureFile.Parse(ReportSignatureFile.Serialize(Sample)));
    }

    [Fact]
    public void Parse_MissingSignature_ThrowsNamingField()
    {
        var error = Assert.Throws<FormatException>(() => ReportSignatureFile.Parse("""{"algorithm":"ECDSA_SHA_256","keyId":"k","digestSha256":"00"}"""u8));

        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => ReportSignatureFile.Parse("not json"u8));
    }
}
