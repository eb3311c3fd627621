using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;

namespace Tuner.BatchWriter;

/// <summary>
/// A canonical text of an item (attributes sorted, every value typed) so the items DynamoDB hands back in
/// UnprocessedItems can be matched to the input positions they came from.
/// </summary>
internal static class ItemFingerprint
{
    public static string Of(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var text = new StringBuilder();
        AppendMap(text, item);
        return text.ToString();
    }

    private static void AppendMap(StringBuilder text, IEnumerable<KeyValuePair<string, AttributeValue>> map)
    {
        text.Append('{');
        foreach (var (name, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(name.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(name).Append('=');
            AppendValue(text, value);
            text.Append(';');
        }

        text.Append('}');
    }

    private static void AppendValue(StringBuilder text, AttributeValue? value)
    {
        switch (value)
        {
            case null:
                text.Append('_');
                break;
            case { S: { } s }:
                text.Append('S').Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s);
                break;
            case { N: { } n }:
                text.Append("N:").Append(n.Trim());
                break;
            case { B: { } b }:
                text.Append("B:").Append(Convert.ToBase64String(b.ToArray()));
                break;
            case { BOOL: { } flag }:
                text.Append(flag ? 'T' : 'F');
                break;
            case { NULL: { } }:
                text.Append('0');
                break;
            case { SS: { } ss }:
                text.Append("SS[").AppendJoin(',', ss.Order(StringComparer.Ordinal).Select(s => s.Length + ":" + s)).Append(']');
                break;
            case { NS: { } ns }:
                text.Append("NS[").AppendJoin(',', ns.Select(n => n.Trim()).Order(StringComparer.Ordinal)).Append(']');
                break;
            case { BS: { } bs }:
                text.Append("BS[").AppendJoin(',', bs.Select(b => Convert.ToBase64String(b.ToArray())).Order(StringComparer.Ordinal)).Append(']');
                break;
            case { L: { } list }:
                text.Append("L[");
                foreach (var element in list)
                {
                    AppendValue(text, element);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case { M: { } map }:
                text.Append('M');
                AppendMap(text, map);
                break;
            default:
                text.Append('?');
                break;
        }
    }
}
