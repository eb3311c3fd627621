namespace Tuner.IntegrationTests.S3;

/// <summary>
/// One rule of the local S3's <c>/_tuner/faults</c> endpoint: requests with <paramref name="Method"/> (any when null) on
/// keys starting with <paramref name="KeyPrefix"/> (the key without the bucket; any when null) are answered with S3's
/// XML error <paramref name="Code"/> and <paramref name="Status"/>, <paramref name="Count"/> times (always when null).
/// </summary>
public sealed record S3FaultRule(int Status, string Code, string? Method = null, string? KeyPrefix = null, string? Message = null, int? Count = null);
