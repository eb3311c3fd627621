namespace Tuner.Aws.Http;

/// <summary>The intermediate values and result of signing one request (kept for tests and diagnostics).</summary>
public sealed record SigV4Signature(string CanonicalRequest, string StringToSign, string SignedHeaders, string Signature, string Authorization);
