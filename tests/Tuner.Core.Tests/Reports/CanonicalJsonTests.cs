using System.Globalization;
using System.Text;
using System.Text.Json;
using Tuner.Core.Reports;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Reports;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Serialize_SameReportTwice_GivesIdenticalBytes()
    {
        var first = CanonicalJson.Serialize(ReportScenario.Report());
        var second = CanonicalJson.Serialize(ReportScenario.Report());

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("tr-TR")]
    public void Serialize_UnderAnotherCulture_GivesTheInvariantBytes(string cultureName)
    {
        var invariant = WithCulture(CultureInfo.InvariantCulture, () => CanonicalJson.Serialize(ReportScenario.Report()));

        var other = WithCulture(new CultureInfo(cultureName), () => CanonicalJson.Serialize(ReportScenario.Report()));

        Assert.Equal(invariant, other);
        // The culture is real (ICU): a culture-sensitive formatter would have written commas.
        Assert.Equal("1,5", WithCulture(new CultureInfo(cultureName), () => 1.5.ToString(CultureInfo.CurrentCulture)));
    }

    [Fact]
    public void Serialize_KeysAreSortedOrdinallyAtEveryDepthAndNullsOmitted()
    {
        var bytes = CanonicalJson.Serialize(ReportScenario.Report());

        using var document = JsonDocument.Parse(bytes);
        AssertSorted(document.RootElement);
        Assert.DoesNotContain("null", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain("\n", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Canonicalize_ReorderedInput_GivesTheSameBytes()
    {
        var a = CanonicalJson.Canonicalize("""{ "b": [2, {"z":1,"a":null,"m":"ü"}], "a": 1.5e0 , "c": true}"""u8);
        var b = CanonicalJson.Canonicalize("""{"c":true,"a":1.5e0,"b":[2,{"m":"ü","z":1}]}"""u8);

        Assert.Equal(a, b);
        Assert.Equal("""{"a":1.5e0,"b":[2,{"m":"ü","z":1}],"c":true}""", Encoding.UTF8.GetString(a));
    }

    [Fact]
    public void Canonicalize_DuplicateKeys_Throws()
    {
        Assert.Throws<JsonException>(() => CanonicalJson.Canonicalize("""{"a":1,"a":2}"""u8));
    }

    [Fact]
    public void Parse_CanonicalReport_RoundTripsToTheSameBytes()
    {
        var bytes = CanonicalJson.Serialize(ReportScenario.Report());

        var parsed = TuningReport.Parse(bytes);

        Assert.Equal(bytes, CanonicalJson.Serialize(parsed));
        Assert.Equal(TuningReport.CurrentSchemaVersion, parsed.SchemaVersion);
        Assert.Equal("ß, ı, ü", parsed.Request.Targets[0].Payload!.Value.GetProperty("note").GetString());
    }

    [Fact]
    public void Serialize_Report_UsesCamelCaseNamesAndEnumStrings()
    {
        var text = Encoding.UTF8.GetString(CanonicalJson.Serialize(ReportScenario.Report()));

        Assert.Contains("\"schemaVersion\":\"tuner.report/v2\"", text, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"local\"", text, StringComparison.Ordinal);
        Assert.Contains("\"action\":\"switch\"", text, StringComparison.Ordinal);
        Assert.Contains("\"startedAt\":\"2026-11-21T20:00:00+00:00\"", text, StringComparison.Ordinal);
    }

    private static T WithCulture<T>(CultureInfo culture, Func<T> action)
    {
        var previous = CultureInfo.CurrentCulture;
        var previousUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }

    private static void AssertSorted(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var names = element.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(names.Order(StringComparer.Ordinal), names);
            foreach (var property in element.EnumerateObject())
            {
                AssertSorted(property.Value);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                AssertSorted(item);
            }
        }
    }
}
