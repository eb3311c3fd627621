namespace Tuner.Core.Ports;

/// <summary>How a conditional write or delete ended.</summary>
public enum ConditionalWriteOutcome
{
    /// <summary>The condition held and the object was written (or deleted).</summary>
    Written,

    /// <summary>The condition did not hold (S3: 412 PreconditionFailed): another writer got there first.</summary>
    PreconditionFailed,

    /// <summary>An <c>If-Match</c> condition named an object that no longer exists (S3: 404 NoSuchKey).</summary>
    Missing,

    /// <summary>A concurrent write to the same key was in progress (S3: 409 ConditionalRequestConflict); read again and retry.</summary>
    Conflict,
}
