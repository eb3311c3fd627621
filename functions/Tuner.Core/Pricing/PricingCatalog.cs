using System.Globalization;
using System.Text.Json;

namespace Tuner.Core.Pricing;

/// <summary>
/// Price sheets by region × architecture, loaded from data (<c>Pricing/prices.json</c>, embedded) rather than code.
/// </summary>
public sealed class PricingCatalog
{
    private readonly Dictionary<(string Region, string Architecture), PriceSheet> _sheets;

    public PricingCatalog(IEnumerable<PriceSheet> sheets)
    {
        _sheets = [];
        foreach (var sheet in sheets)
        {
            _sheets[(sheet.Region, sheet.Architecture)] = sheet;
        }
    }

    /// <summary>The built-in prices.</summary>
    public static PricingCatalog Default { get; } = LoadEmbedded();

    /// <summary>Every sheet, ordered by region then architecture.</summary>
    public IReadOnlyList<PriceSheet> Sheets =>
        [.. _sheets.Values.OrderBy(s => s.Region, StringComparer.Ordinal).ThenBy(s => s.Architecture, StringComparer.Ordinal)];

    /// <summary>Regions with prices.</summary>
    public IReadOnlyList<string> Regions => [.. _sheets.Keys.Select(k => k.Region).Distinct().Order(StringComparer.Ordinal)];

    public bool TryGet(string region, string architecture, out PriceSheet sheet) =>
        _sheets.TryGetValue((region, architecture), out sheet!);

    /// <summary>The sheet for a region × architecture; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public PriceSheet Get(string region, string architecture) =>
        TryGet(region, architecture, out var sheet)
            ? sheet
            : throw new KeyNotFoundException($"no prices for region '{region}' and architecture '{architecture}'");

    /// <summary>Reads a catalog in the format of <c>prices.json</c>.</summary>
    public static PricingCatalog Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var sheets = new List<PriceSheet>();
        foreach (var entry in document.RootElement.GetProperty("sheets").EnumerateArray())
        {
            var readOn = DateOnly.ParseExact(entry.GetProperty("readOn").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var source = entry.GetProperty("source").GetString()!;
            var architecture = entry.GetProperty("architecture").GetString()!;
            var tiers = entry.GetProperty("computeTiers").EnumerateArray()
                .Select(t => new ComputeTier(
                    t.GetProperty("upToGbSecondsPerMonth").ValueKind == JsonValueKind.Null ? null : t.GetProperty("upToGbSecondsPerMonth").GetInt64(),
                    new PricePoint(t.GetProperty("usd").GetDecimal(), "GB-second", readOn, source)))
                .ToList();
            DateOnly? initSince = entry.TryGetProperty("initBilledSince", out var since) && since.ValueKind == JsonValueKind.String
                ? DateOnly.ParseExact(since.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                : null;
            foreach (var region in entry.GetProperty("regions").EnumerateArray())
            {
                sheets.Add(new PriceSheet(
                    region.GetString()!,
                    architecture,
                    tiers,
                    new PricePoint(entry.GetProperty("requestsPerMillionUsd").GetDecimal(), "1M requests", readOn, source),
                    entry.GetProperty("initBilled").GetBoolean(),
                    initSince,
                    new PricePoint(entry.GetProperty("dynamoDbWriteRequestUnitsPerMillionUsd").GetDecimal(), "1M write request units", readOn, source),
                    new PricePoint(entry.GetProperty("stepFunctionsTransitionsPerThousandUsd").GetDecimal(), "1K state transitions", readOn, source)));
            }
        }

        return new PricingCatalog(sheets);
    }

    private static PricingCatalog LoadEmbedded()
    {
        using var stream = typeof(PricingCatalog).Assembly.GetManifestResourceStream("Tuner.Core.Pricing.prices.json")
            ?? throw new InvalidOperationException("embedded prices.json is missing");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray());
    }
}
