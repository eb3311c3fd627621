using System.Text.Json;
using System.Text.RegularExpressions;
using Tuner.Core.Serialization;

namespace Tuner.Core.Tests.Serialization;

/// <summary>The field reader knows JSON shapes only: each problem carries the field's path and reading goes on after it.</summary>
public sealed class JsonFieldReaderTests
{
    private static readonly Regex Lowercase = new("^[a-z]+$", RegexOptions.CultureInvariant);

    [Fact]
    public void RequireObject_UnknownAndDuplicateFields_AreRecordedAndTheObjectIsStillRead()
    {
        var fields = new JsonFieldReader();

        var ok = fields.RequireObject(Parse("""{"a":1,"b":2,"a":3}"""), "root", ["a"]);

        Assert.True(ok);
        Assert.Equal(["root.b: unknown field", "root.a: duplicate field"], Texts(fields));
    }

    [Fact]
    public void RequireObject_NotAnObject_IsRefused()
    {
        var fields = new JsonFieldReader();

        Assert.False(fields.RequireObject(Parse("[1]"), "targets[0]", []));
        Assert.Equal(["targets[0]: must be an object"], Texts(fields));
    }

    [Theory]
    [InlineData("3", "must be an array")]
    [InlineData("[]", "must not be empty")]
    [InlineData("[1,2,3]", "has 3 items, above 2")]
    public void RequireArray_WrongShape_SaysWhy(string json, string message)
    {
        var fields = new JsonFieldReader();

        Assert.False(fields.RequireArray(Parse(json), "list", maxItems: 2));
        Assert.Equal([$"list: {message}"], Texts(fields));
    }

    [Fact]
    public void ReadString_AtTheRoot_UsesTheBareName()
    {
        var fields = new JsonFieldReader();

        Assert.Null(fields.ReadString(Parse("{}"), "job", string.Empty, required: true, Lowercase, "is not lowercase"));
        Assert.Null(fields.ReadString(Parse("""{"job":"ABC"}"""), "job", string.Empty, required: true, Lowercase, "is not lowercase"));
        Assert.Null(fields.ReadString(Parse("""{"job":7}"""), "job", "x", required: false, Lowercase, "is not lowercase"));
        Assert.Equal("abc", fields.ReadString(Parse("""{"job":"abc"}"""), "job", string.Empty, required: true, Lowercase, "is not lowercase"));
        Assert.Equal(["job: is required", "job: 'ABC' is not lowercase", "x.job: must be a string"], Texts(fields));
    }

    [Fact]
    public void ReadString_OptionalAndMissing_IsNoProblem()
    {
        var fields = new JsonFieldReader();

        Assert.Null(fields.ReadString(Parse("{}"), "region", string.Empty, required: false, Lowercase, "is not lowercase"));
        Assert.Empty(fields.Problems);
    }

    [Fact]
    public void ReadEnum_ValueOutsideTheList_NamesTheAllowedValues()
    {
        var fields = new JsonFieldReader();

        Assert.Equal("arm64", fields.ReadEnum(Parse("""{"a":"arm64"}"""), "a", "t", ["x86_64", "arm64"]));
        Assert.Null(fields.ReadEnum(Parse("""{"a":"ppc"}"""), "a", "t", ["x86_64", "arm64"]));
        Assert.Equal(["t.a: 'ppc' is not one of x86_64, arm64"], Texts(fields));
    }

    [Theory]
    [InlineData("""{"n":1.5}""", "n: must be an integer")]
    [InlineData("""{"n":"4"}""", "n: must be an integer")]
    [InlineData("""{"n":0}""", "n: 0 is below 1")]
    [InlineData("""{"n":11}""", "n: 11 is above 10")]
    public void ReadInt_OutOfRangeOrNotAnInteger_IsRecorded(string json, string problem)
    {
        var fields = new JsonFieldReader();

        Assert.Null(fields.ReadInt(Parse(json), "n", string.Empty, 1, 10));
        Assert.Equal([problem], Texts(fields));
    }

    [Fact]
    public void ReadLong_BeyondInt32_IsRead()
    {
        var fields = new JsonFieldReader();

        Assert.Equal(3_000_000_000_000, fields.ReadLong(Parse("""{"n":3000000000000}"""), "n", "t", 0, 1_000_000_000_000_000));
        Assert.Empty(fields.Problems);
    }

    [Fact]
    public void ReadDouble_ExclusiveMinimum_RefusesTheBoundItself()
    {
        var fields = new JsonFieldReader();

        Assert.Null(fields.ReadDouble(Parse("""{"w":0}"""), "w", "p", 0, 1, exclusiveMin: true));
        Assert.Equal(0, fields.ReadDouble(Parse("""{"w":0}"""), "w", "p", 0, 1));
        Assert.Null(fields.ReadDouble(Parse("""{"w":-0.5}"""), "w", "p", 0, 1));
        Assert.Null(fields.ReadDouble(Parse("""{"w":true}"""), "w", "p", 0, 1));
        Assert.Equal(["p.w: 0 must be above 0", "p.w: -0.5 is below 0", "p.w: must be a number"], Texts(fields));
    }

    [Fact]
    public void ReadIntList_BadAndRepeatedItems_AreLeftOutWithTheirIndex()
    {
        var fields = new JsonFieldReader();

        var values = fields.ReadIntList(Parse("""{"m":[128,99,256,128]}"""), "m", "t[0]", 128, 10240);

        Assert.Equal([128, 256], values);
        Assert.Equal(["t[0].m[1]: 99 is below 128", "t[0].m[3]: 128 is a duplicate of m[0]"], Texts(fields));
    }

    [Fact]
    public void ReadIntList_AbsentOrNotAnArray_IsNullOrEmpty()
    {
        var fields = new JsonFieldReader();

        Assert.Null(fields.ReadIntList(Parse("{}"), "m", string.Empty, 1, 2));
        Assert.Empty(fields.ReadIntList(Parse("""{"m":5}"""), "m", string.Empty, 1, 2)!);
        Assert.Equal(["m: must be an array"], Texts(fields));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string[] Texts(JsonFieldReader fields) => fields.Problems.Select(p => p.ToString()).ToArray();
}
