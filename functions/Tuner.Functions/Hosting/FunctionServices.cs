using Tuner.Core.Ports;

namespace Tuner.Functions.Hosting;

/// <summary>
/// The composition root of the four handlers: settings read once from the environment, and the adapters of
/// Tuner.Aws built from them (the Lambda API client, the S3 store, the report signer). Shared by the handlers of one
/// execution environment, built on first use.
/// </summary>
internal sealed class FunctionServices
{
    private static readonly Lazy<FunctionServices> Instance = new(() => new FunctionServices(FunctionSettings.FromEnvironment()));
    private readonly Lazy<IReportSigner> _signer;

    private FunctionServices(FunctionSettings settings)
    {
        Settings = settings;
        Lambda = AwsAdapters.CreateLambdaApi(settings);
        Store = AwsAdapters.CreateObjectStore(settings);
        _signer = new Lazy<IReportSigner>(() => AwsAdapters.CreateSigner(settings));
    }

    public static FunctionServices Shared => Instance.Value;

    public FunctionSettings Settings { get; }

    public ILambdaApi Lambda { get; }

    public IObjectStore Store { get; }

    public IReportSigner Signer => _signer.Value;
}
