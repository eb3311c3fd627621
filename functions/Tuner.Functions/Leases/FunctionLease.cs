using Tuner.Contracts;

namespace Tuner.Functions.Leases;

/// <summary>
/// <see cref="BucketKeys.Lease"/> in the run bucket: the run that may change <paramref name="Function"/> until
/// <paramref name="ExpiresAt"/>. Written with <c>If-None-Match: *</c> (or, taking over an expired lease of an ended
/// execution, <c>If-Match</c> on the ETag read), deleted by the run that holds it.
/// </summary>
public sealed record FunctionLease(
    string Function,
    string RunId,
    string? ExecutionArn,
    DateTimeOffset AcquiredAt,
    DateTimeOffset ExpiresAt);
