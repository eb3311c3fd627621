using Amazon.DynamoDBv2.Model;

namespace Tuner.BatchWriter.Tests.TestHelpers;

/// <summary>Test items keyed by <c>pk</c>.</summary>
public static class Items
{
    public static Dictionary<string, AttributeValue> One(int i, int paddingBytes = 10) => new()
    {
        ["pk"] = new AttributeValue { S = $"item-{i:D6}" },
        ["n"] = new AttributeValue { N = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ["pad"] = new AttributeValue { S = new string('x', paddingBytes) },
    };

    public static List<Dictionary<string, AttributeValue>> Many(int count, int paddingBytes = 10) =>
        Enumerable.Range(0, count).Select(i => One(i, paddingBytes)).ToList();

    public static string Pk(Dictionary<string, AttributeValue> item) => item["pk"].S;
}
