using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;
using Tuner.Contracts;
using Tuner.Core.Ports;

namespace Tuner.Aws.S3;

/// <summary>
/// <see cref="IObjectStore"/> on one S3 bucket (AWS, or s3rver locally). Every upload sets
/// <c>UseChunkEncoding = false</c>: s3rver stores aws-chunked bodies with their framing (see FACTS.md).
/// The client must use path-style addressing when an endpoint override is set (<see cref="Configuration.AwsClientFactory"/> does).
/// Sample objects (<see cref="BucketKeys.IsSampleKey"/>) are uploaded with the tag <see cref="BucketKeys.DataTagKey"/> =
/// <see cref="BucketKeys.SampleTagValue"/> (the <c>x-amz-tagging</c> header), which the bucket's <c>ExpireSamples</c> lifecycle
/// rule matches. Conditional writes (the run's leases)
/// send <c>If-None-Match: *</c> or <c>If-Match</c> and turn S3's 412/404/409 answers into a <see cref="ConditionalWriteResult"/>.
/// Objects under <see cref="BucketKeys.SecretsPrefix"/> are uploaded with SSE-KMS and the given key when one is set (the stack's
/// baselines key, which only the Planner and the Cleaner may use; no KMS locally).
/// </summary>
public sealed class S3ObjectStore : IObjectStore
{
    private readonly IAmazonS3 _s3;
    private readonly int _pageSize;
    private readonly string? _secretsKmsKeyId;

    public S3ObjectStore(IAmazonS3 s3, string bucket, int pageSize = 1000, string? secretsKmsKeyId = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 1000);
        _s3 = s3;
        Bucket = bucket;
        _pageSize = pageSize;
        _secretsKmsKeyId = string.IsNullOrWhiteSpace(secretsKmsKeyId) ? null : secretsKmsKeyId;
    }

    /// <summary>The bucket every key is relative to.</summary>
    public string Bucket { get; }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await PutObjectAsync(key, content, contentType, condition: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ConditionalWriteResult> PutIfAsync(string key, ReadOnlyMemory<byte> content, string contentType, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(condition);
        try
        {
            var response = await PutObjectAsync(key, content, contentType, condition, cancellationToken).ConfigureAwait(false);
            return new ConditionalWriteResult(ConditionalWriteOutcome.Written, response.ETag);
        }
        catch (AmazonS3Exception e) when (ConditionOutcome(e) is { } outcome)
        {
            return new ConditionalWriteResult(outcome);
        }
    }

    public async Task<StoredObject?> GetWithETagAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return new StoredObject(await ReadAllAsync(response, cancellationToken).ConfigureAwait(false), response.ETag);
        }
        catch (AmazonS3Exception e) when (IsMissingKey(e))
        {
            return null;
        }
        catch (AmazonS3Exception e) when (IsAccessDenied(e))
        {
            if (await IsListedAsync(key, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            return null;
        }
    }

    public async Task<ConditionalWriteResult> DeleteIfMatchAsync(string key, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(etag);
        try
        {
            await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key, IfMatch = etag }, cancellationToken).ConfigureAwait(false);
            return new ConditionalWriteResult(ConditionalWriteOutcome.Written);
        }
        catch (AmazonS3Exception e) when (ConditionOutcome(e) is { } outcome)
        {
            return new ConditionalWriteResult(outcome);
        }
    }

    private async Task<PutObjectResponse> PutObjectAsync(string key, ReadOnlyMemory<byte> content, string contentType, WriteCondition? condition, CancellationToken cancellationToken)
    {
        var stream = MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        await using (stream.ConfigureAwait(false))
        {
            var request = new PutObjectRequest
            {
                BucketName = Bucket,
                Key = key,
                InputStream = stream,
                AutoCloseStream = false,
                ContentType = string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType,
                UseChunkEncoding = false,
                TagSet = BucketKeys.IsSampleKey(key) ? [new Tag { Key = BucketKeys.DataTagKey, Value = BucketKeys.SampleTagValue }] : null,
            };
            if (_secretsKmsKeyId is not null && key.StartsWith(BucketKeys.SecretsPrefix, StringComparison.Ordinal))
            {
                request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS;
                request.ServerSideEncryptionKeyManagementServiceKeyId = _secretsKmsKeyId;
            }
            if (condition is not null)
            {
                if (condition.IfMatch is { } etag)
                {
                    request.IfMatch = etag;
                }
                else
                {
                    request.IfNoneMatch = "*";
                }
            }

            return await _s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return await ReadAllAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (IsMissingKey(e))
        {
            return null;
        }
        catch (AmazonS3Exception e) when (IsAccessDenied(e))
        {
            if (await IsListedAsync(key, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            return null;
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = Bucket,
                Prefix = prefix ?? string.Empty,
                MaxKeys = _pageSize,
                ContinuationToken = continuation,
            };
            var response = await _s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.S3Objects ?? [])
            {
                yield return item.Key;
            }

            continuation = response.IsTruncated == true ? response.NextContinuationToken : null;
        }
        while (!string.IsNullOrEmpty(continuation));
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (IsMissingKey(e))
        {
            // Deleting a missing key is not an error (S3 itself answers 204; some emulators answer 404).
        }
    }

    private static async Task<byte[]> ReadAllAsync(GetObjectResponse response, CancellationToken cancellationToken)
    {
        var buffer = response.ContentLength is > 0 and < int.MaxValue ? new MemoryStream((int)response.ContentLength) : new MemoryStream();
        await using (buffer.ConfigureAwait(false))
        {
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    // S3's answers to a condition that did not hold (conditional-writes.html, read 2026-12-01): 412 PreconditionFailed,
    // 404 NoSuchKey for If-Match on a key that is gone, 409 ConditionalRequestConflict while another write is in progress.
    private static ConditionalWriteOutcome? ConditionOutcome(AmazonS3Exception e) => e switch
    {
        { StatusCode: HttpStatusCode.PreconditionFailed } or { ErrorCode: "PreconditionFailed" } => ConditionalWriteOutcome.PreconditionFailed,
        { StatusCode: HttpStatusCode.Conflict } or { ErrorCode: "ConditionalRequestConflict" } => ConditionalWriteOutcome.Conflict,
        _ when IsMissingKey(e) => ConditionalWriteOutcome.Missing,
        _ => null,
    };

    // Why a GetObject of a missing key may answer 403 although the role may list the key's prefix: the GetObject API
    // reference (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, read 2026-12-01) says S3 answers
    // 404 to a caller with s3:ListBucket on the bucket and 403 ("access denied") to one without it. Tuner grants
    // s3:ListBucket only with a StringLike condition on s3:prefix, a condition key that ListObjects requests carry and a
    // GetObject request does not (Service Authorization Reference, "Actions, resources, and condition keys for Amazon S3",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html, read 2026-12-01); and a
    // condition on a key absent from the request context does not match
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html, read
    // 2026-12-01). So the documented semantics give no assurance the conditioned grant turns the 403 into a 404. Rather
    // than widen the grant to the whole bucket, a 403 is settled by listing the key itself (a ListObjectsV2 whose prefix
    // is the key, which the conditioned grant does cover): not listed means missing; listed, or the listing denied too,
    // means a real denial, which surfaces.
    private async Task<bool> IsListedAsync(string key, CancellationToken cancellationToken)
    {
        ListObjectsV2Response response;
        try
        {
            response = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = key, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception)
        {
            // The listing is denied too (or fails): it cannot tell, so the GetObject's 403 surfaces.
            return true;
        }

        return (response.S3Objects ?? []).Any(o => string.Equals(o.Key, key, StringComparison.Ordinal));
    }

    private static bool IsAccessDenied(AmazonS3Exception e) => e.StatusCode == HttpStatusCode.Forbidden || e.ErrorCode == "AccessDenied";

    // A missing bucket is a configuration error and must surface; only a missing key means "no object".
    private static bool IsMissingKey(AmazonS3Exception e) =>
        e.ErrorCode == "NoSuchKey" || (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket");
}
