namespace Tuner.Core.Ports;

/// <summary>An object's bytes and the ETag the store gave that content.</summary>
public sealed record StoredObject(byte[] Content, string ETag);
