using System.Text.Json;

namespace Tuner.Core.Requests;

/// <summary>One entry of a target's <c>payloads[]</c>: a payload and its share of the invocations.</summary>
public sealed record WeightedPayload(JsonElement Payload, double Weight);
