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
}
