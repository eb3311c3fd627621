using System.Text.Json;
using Tuner.Core.Requests;

namespace Tuner.Core.Planning;

/// <summary>
/// Which payload invocation <c>i</c> of a cell sends: the target's <c>payload</c> (or <c>{}</c>), or for weighted
/// <c>payloads[]</c> a deterministic low-discrepancy pick (golden-ratio sequence) so every cell sees the same mix in
/// the same order and the shares converge to the weights.
/// </summary>
public static class PayloadSchedule
{
    private const double GoldenRatioConjugate = 0.6180339887498949;

    public static JsonElement? For(TuningTarget target, int index)
    {
        if (target.Payloads is not { Count: > 0 } payloads)
        {
            return target.Payload;
        }

        var total = payloads.Sum(p => p.Weight);
        var u = ((index + 0.5) * GoldenRatioConjugate % 1.0) * total;
        foreach (var payload in payloads)
        {
            if (u < payload.Weight)
            {
                return payload.Payload;
            }

            u -= payload.Weight;
        }

        return payloads[^1].Payload;
    }

    /// <summary>The UTF-8 bytes to send for invocation <paramref name="index"/>.</summary>
    public static byte[] Bytes(TuningTarget target, int index) =>
        For(target, index) is { } payload ? JsonSerializer.SerializeToUtf8Bytes(payload) : "{}"u8.ToArray();
}
