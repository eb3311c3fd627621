using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace Tuner.BatchWriter.Tests;

/// <summary>
/// The shared table of item sizes (Fixtures/item-size-cases.json), which the local DynamoDB engine's
/// item-size.mjs is tested against too (ItemSizeCasesNodeTests in the integration tests).
/// </summary>
public sealed class ItemSizeCasesTests
{
    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var c in Cases().EnumerateArray())
        {
            names.Add(c.GetProperty("name").GetString()!);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Of_EachSharedCase_MatchesTheTable(string name)
    {
        var entry = Cases().EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var item = ToItem(entry.GetProperty("item"));

        Assert.Equal(entry.GetProperty("bytes").GetInt32(), ItemSize.Of(item));
        Assert.Equal(entry.GetProperty("writeUnits").GetInt32(), ItemSize.WriteUnits(item));
    }

    [Fact]
    public void Cases_CoverEveryAttributeType()
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in Cases().EnumerateArray())
        {
            Collect(c.GetProperty("item"), types);
        }

        Assert.Superset(new HashSet<string>(["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M"]), types);
    }

    internal static JsonElement Cases()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "item-size-cases.json")));
        return document.RootElement.GetProperty("cases").Clone();
    }

    private static Dictionary<string, AttributeValue> ToItem(JsonElement item) =>
        item.EnumerateObject().ToDictionary(p => p.Name, p => ToValue(p.Value), StringComparer.Ordinal);

    /// <summary>DynamoDB's JSON wire form of one attribute value (<c>{"S":"…"}</c>, <c>{"L":[…]}</c>…).</summary>
    private static AttributeValue ToValue(JsonElement wire)
    {
        var property = wire.EnumerateObject().Single();
        var v = property.Value;
        return property.Name switch
        {
            "S" => new AttributeValue { S = v.GetString() },
            "N" => new AttributeValue { N = v.GetString() },
            "B" => new AttributeValue { B = new MemoryStream(Convert.FromBase64String(v.GetString()!)) },
            "BOOL" => new AttributeValue { BOOL = v.GetBoolean() },
            "NULL" => new AttributeValue { NULL = v.GetBoolean() },
            "SS" => new AttributeValue { SS = v.EnumerateArray().Select(x => x.GetString()!).ToList() },
            "NS" => new AttributeValue { NS = v.EnumerateArray().Select(x => x.GetString()!).ToList() },
            "BS" => new AttributeValue { BS = v.EnumerateArray().Select(x => new MemoryStream(Convert.FromBase64String(x.GetString()!))).ToList() },
            "L" => new AttributeValue { L = v.EnumerateArray().Select(ToValue).ToList() },
            "M" => new AttributeValue { M = ToItem(v) },
            _ => throw new InvalidDataException($"unknown attribute type {property.Name}"),
        };
    }

    private static void Collect(JsonElement item, HashSet<string> types)
    {
        foreach (var attribute in item.EnumerateObject())
        {
            CollectValue(attribute.Value, types);
        }
    }

    private static void CollectValue(JsonElement wire, HashSet<string> types)
    {
        var property = wire.EnumerateObject().Single();
        types.Add(property.Name);
        if (property.Name == "L")
        {
            foreach (var element in property.Value.EnumerateArray())
            {
                CollectValue(element, types);
            }
        }
        else if (property.Name == "M")
        {
            Collect(property.Value, types);
        }
    }
}
