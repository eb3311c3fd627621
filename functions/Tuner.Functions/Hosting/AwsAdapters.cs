using Tuner.Core.Ports;

namespace Tuner.Functions.Hosting;

/// <summary>Builds Tuner.Aws's adapters from the settings (AWS or local endpoints come from <c>AWS_ENDPOINT_URL_*</c>).</summary>
internal static class AwsAdapters
{
    // Wired to Tuner.Aws's LambdaApiClient / S3ObjectStore / signers as they land (issue 5 integration).
    public static ILambdaApi CreateLambdaApi(FunctionSettings settings) =>
        throw new NotSupportedException($"the Lambda API client is not wired yet (mode {settings.Mode})");

    public static IObjectStore CreateObjectStore(FunctionSettings settings) =>
        throw new NotSupportedException($"the S3 object store is not wired yet (bucket {settings.Bucket})");

    public static IReportSigner CreateSigner(FunctionSettings settings) =>
        throw new NotSupportedException($"the report signer is not wired yet (mode {settings.Mode})");
}
