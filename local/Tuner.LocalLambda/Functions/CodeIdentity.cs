using System.Security.Cryptography;
using System.Text;

namespace Tuner.LocalLambda.Functions;

/// <summary>
/// A function's <c>CodeSha256</c> as Lambda reports it (base64 of SHA-256): of the uploaded zip, or locally of the
/// handler's assembly or the bootstrap file (of the handler string when no such file exists), so a rebuilt target
/// reads as new code to Tuner's drift checks.
/// </summary>
internal static class CodeIdentity
{
    public static string OfZip(byte[] zipFile) => Convert.ToBase64String(SHA256.HashData(zipFile));

    public static string OfRegistered(string? handler, string? bootstrap)
    {
        var path = FunctionConfig.CodePathOf(handler, bootstrap);
        var bytes = path is not null && File.Exists(path) ? File.ReadAllBytes(path) : Encoding.UTF8.GetBytes(handler ?? bootstrap ?? string.Empty);
        return Convert.ToBase64String(SHA256.HashData(bytes));
    }
}
