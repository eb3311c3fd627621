using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace Tuner.Workload;

/// <summary>
/// Validates and enriches one event (JSON text) into the item stored in the workload table. The CPU it spends is
/// real work: JSON parsing, a SHA-256 content hash, a CRC-32 checksum, and a PBKDF2 pseudonym of the user id
/// (<see cref="IngestSettings.WorkFactor"/> iterations) so raw user ids never reach the table.
/// </summary>
internal sealed class EventProcessor(int workFactor, TimeProvider time)
{
    private static readonly byte[] PseudonymSalt = "tuner-workload-user-pseudonym-v1"u8.ToArray();
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { "view", "click", "cart", "purchase", "refund" };

    /// <summary>The item, or the reason the event is invalid.</summary>
    public (Dictionary<string, AttributeValue>? Item, string? Error) Process(string eventJson)
    {
        var bytes = Encoding.UTF8.GetBytes(eventJson);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            return (null, "not JSON: " + e.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "not a JSON object");
            }

            var id = String(root, "id");
            var type = String(root, "type");
            var userId = String(root, "userId");
            var timestampText = String(root, "timestamp");
            var errors = new List<string>();
            if (string.IsNullOrWhiteSpace(id) || id.Length > 128)
            {
                errors.Add("id: required, at most 128 characters");
            }

            if (type is null || !Types.Contains(type))
            {
                errors.Add($"type: '{type}' is not one of {string.Join('|', Types)}");
            }

            if (string.IsNullOrWhiteSpace(userId))
            {
                errors.Add("userId: required");
            }

            if (!DateTimeOffset.TryParse(timestampText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
            {
                errors.Add($"timestamp: '{timestampText}' is not an ISO-8601 date-time");
            }

            decimal? amount = null;
            if (root.TryGetProperty("amount", out var amountElement))
            {
                if (amountElement.ValueKind != JsonValueKind.Number || !amountElement.TryGetDecimal(out var value) || value < 0)
                {
                    errors.Add("amount: must be a non-negative number");
                }
                else
                {
                    amount = value;
                }
            }
            else if (type is "purchase" or "refund")
            {
                errors.Add($"amount: required for {type}");
            }

            if (errors.Count > 0)
            {
                return (null, (id is null ? string.Empty : id + ": ") + string.Join("; ", errors));
            }

            var contentHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var checksum = Crc32.Compute(bytes);
            var userKey = Convert.ToHexStringLower(
                Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(userId!), PseudonymSalt, workFactor, HashAlgorithmName.SHA256, 16));
            var utc = timestamp.ToUniversalTime();
            var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [WorkloadTable.KeyAttribute] = new() { S = id },
                ["type"] = new() { S = type },
                ["userKey"] = new() { S = userKey },
                ["ts"] = new() { S = utc.ToString("O", CultureInfo.InvariantCulture) },
                ["day"] = new() { S = utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
                ["hour"] = new() { N = utc.Hour.ToString(CultureInfo.InvariantCulture) },
                ["shard"] = new() { N = (checksum % 16).ToString(CultureInfo.InvariantCulture) },
                ["revenue"] = new() { BOOL = type is "purchase" },
                ["contentHash"] = new() { S = contentHash },
                ["checksum"] = new() { N = checksum.ToString(CultureInfo.InvariantCulture) },
                ["ingestedAt"] = new() { S = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            };
            if (amount is { } a)
            {
                item["amountCents"] = new() { N = decimal.Round(a * 100).ToString(CultureInfo.InvariantCulture) };
            }

            if (root.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object)
            {
                item["payload"] = new() { S = payload.GetRawText() };
            }

            return (item, null);
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
