using System.Text;
using Amazon.DynamoDBv2.Model;

namespace Tuner.BatchWriter.Tests;

public sealed class ItemSizeTests
{
    [Fact]
    public void Of_Strings_CountsNameAndUtf8ValueBytes()
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = "abc" },     // 2 + 3
            ["städt"] = new() { S = "ü€" },   // 6 + 5
        };

        Assert.Equal(16, ItemSize.Of(item));
    }

    [Theory]
    [InlineData("0", 2)]
    [InlineData("7", 2)]
    [InlineData("12", 2)]
    [InlineData("123", 3)]
    [InlineData("-1234.5", 4)]
    [InlineData("1000000", 2)]
    [InlineData("0.00012", 2)]
    public void Of_Number_CountsSignificantDigitsOverTwoPlusOne(string number, int valueBytes)
    {
        var item = new Dictionary<string, AttributeValue> { ["n"] = new() { N = number } };

        Assert.Equal(1 + valueBytes, ItemSize.Of(item));
    }

    [Fact]
    public void Of_NestedAndScalarTypes_AddsDynamoDbOverheads()
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["b"] = new() { B = new MemoryStream(new byte[10]) },                                // 1 + 10
            ["t"] = new() { BOOL = true },                                                       // 1 + 1
            ["z"] = new() { NULL = true },                                                       // 1 + 1
            ["l"] = new() { L = [new() { S = "ab" }, new() { N = "5" }] },                       // 1 + 3 + (1+2) + (1+2)
            ["m"] = new() { M = new() { ["k"] = new() { S = "v" } } },                            // 1 + 3 + 1 + 1 + 1
            ["ss"] = new() { SS = ["a", "bc"] },                                                 // 2 + 3
        };

        Assert.Equal(11 + 2 + 2 + 10 + 7 + 5, ItemSize.Of(item));
    }

    [Fact]
    public void Of_401KBString_IsAboveTheLimit()
    {
        var item = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = new string('x', 401 * 1024) } };

        Assert.True(ItemSize.Of(item) > ItemSize.MaxItemBytes);
        Assert.Equal(402, ItemSize.WriteUnits(item));
    }

    [Fact]
    public void WriteUnits_SmallItem_IsOne()
    {
        var item = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = Encoding.ASCII.GetString(new byte[1000]) } };

        Assert.Equal(1, ItemSize.WriteUnits(item));
    }
}
