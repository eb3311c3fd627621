using System.Text;
using Amazon.DynamoDBv2.Model;

namespace Tuner.BatchWriter;

/// <summary>
/// An item's size as DynamoDB counts it against the 400 KB limit and for write units: the UTF-8 bytes of each
/// attribute name plus its value (strings as UTF-8, binary raw, numbers about one byte per two significant
/// digits plus one, NULL/BOOL one byte, lists and maps three bytes plus one per element).
/// </summary>
public static class ItemSize
{
    /// <summary>DynamoDB's item size limit: 400 KB.</summary>
    public const int MaxItemBytes = 400 * 1024;

    /// <summary>DynamoDB's request size limit for BatchWriteItem: 16 MB.</summary>
    public const int MaxRequestBytes = 16 * 1024 * 1024;

    /// <summary>The item's size in bytes.</summary>
    public static int Of(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var size = 0;
        foreach (var (name, value) in item)
        {
            size += Encoding.UTF8.GetByteCount(name) + OfValue(value);
        }

        return size;
    }

    /// <summary>Write units one put of the item consumes: one per started KB.</summary>
    public static int WriteUnits(IReadOnlyDictionary<string, AttributeValue> item) => Math.Max(1, (Of(item) + 1023) / 1024);

    private static int OfValue(AttributeValue? value)
    {
        if (value is null)
        {
            return 0;
        }

        if (value.S is not null)
        {
            return Encoding.UTF8.GetByteCount(value.S);
        }

        if (value.N is not null)
        {
            return OfNumber(value.N);
        }

        if (value.B is not null)
        {
            return (int)value.B.Length;
        }

        if (value.BOOL is not null || value.NULL is not null)
        {
            return 1;
        }

        if (value.SS is { } ss)
        {
            return ss.Sum(Encoding.UTF8.GetByteCount);
        }

        if (value.NS is { } ns)
        {
            return ns.Sum(OfNumber);
        }

        if (value.BS is { } bs)
        {
            return bs.Sum(b => (int)b.Length);
        }

        if (value.L is { } list)
        {
            return 3 + list.Sum(v => 1 + OfValue(v));
        }

        if (value.M is { } map)
        {
            return 3 + map.Sum(kv => 1 + Encoding.UTF8.GetByteCount(kv.Key) + OfValue(kv.Value));
        }

        return 0;
    }

    private static int OfNumber(string number)
    {
        var span = number.AsSpan().Trim();
        if (span.Length > 0 && (span[0] == '-' || span[0] == '+'))
        {
            span = span[1..];
        }

        var exponent = span.IndexOfAny('e', 'E');
        if (exponent >= 0)
        {
            span = span[..exponent];
        }

        var digits = 0;
        var leading = true;
        var trailingZeros = 0;
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                continue;
            }

            if (leading && c == '0')
            {
                continue;
            }

            leading = false;
            digits++;
            trailingZeros = c == '0' ? trailingZeros + 1 : 0;
        }

        digits -= trailingZeros;
        return 1 + ((Math.Max(digits, 1) + 1) / 2);
    }
}
