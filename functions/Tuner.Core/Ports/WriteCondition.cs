namespace Tuner.Core.Ports;

/// <summary>The precondition of a conditional write: the key must not exist, or must hold the object with an ETag.</summary>
public sealed record WriteCondition
{
    private WriteCondition(string? ifMatch) => IfMatch = ifMatch;

    /// <summary><c>If-None-Match: *</c>: the write happens only when no object has the key.</summary>
    public static WriteCondition IfAbsent { get; } = new(ifMatch: null);

    /// <summary>The ETag the current object must have (<c>If-Match</c>); null for <see cref="IfAbsent"/>.</summary>
    public string? IfMatch { get; }

    /// <summary><c>If-Match: etag</c>: the write happens only when the current object's ETag is <paramref name="etag"/>.</summary>
    public static WriteCondition IfETag(string etag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(etag);
        return new WriteCondition(etag);
    }

    public override string ToString() => IfMatch is null ? "If-None-Match: *" : $"If-Match: {IfMatch}";
}
