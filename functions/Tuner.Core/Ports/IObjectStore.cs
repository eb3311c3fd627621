namespace Tuner.Core.Ports;

/// <summary>
/// The object store that holds samples and reports (S3 on AWS, s3rver locally).
/// Keys are relative to the store's bucket; the adapter owns the bucket name.
/// </summary>
public interface IObjectStore
{
    /// <summary>Writes the whole object; a reader never sees a partial object.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Returns the object's bytes, or <c>null</c> when no object has that key.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lists every key under <paramref name="prefix"/>, in key order, across pages.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; deleting a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Returns the object's bytes with its ETag (what a conditional write compares), or <c>null</c> when absent.</summary>
    Task<StoredObject?> GetWithETagAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the object only when <paramref name="condition"/> holds at the moment of the write (S3's conditional
    /// writes: <c>If-None-Match: *</c> or <c>If-Match</c>). A condition that does not hold is a result, not an exception.
    /// </summary>
    Task<ConditionalWriteResult> PutIfAsync(string key, ReadOnlyMemory<byte> content, string contentType, WriteCondition condition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the object only when its ETag is <paramref name="etag"/> (S3's conditional delete, <c>If-Match</c>).
    /// <see cref="ConditionalWriteOutcome.Missing"/> when no object has that key.
    /// </summary>
    Task<ConditionalWriteResult> DeleteIfMatchAsync(string key, string etag, CancellationToken cancellationToken = default);
}
