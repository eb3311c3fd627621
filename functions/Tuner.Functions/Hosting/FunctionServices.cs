using Tuner.Aws.Configuration;
using Tuner.Aws.Signing;
using Tuner.Aws.StepFunctions;
using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Core.Resilience;
using Tuner.Functions.Leases;

namespace Tuner.Functions.Hosting;

/// <summary>
/// The composition root of the handlers: settings read once from the environment, and Tuner.Aws's adapters built
/// from the standard AWS configuration (region, credentials, <c>AWS_ENDPOINT_URL_*</c>, which local mode points at the
/// local engines): the Lambda API client (its control-plane calls paced by one <see cref="ControlPlanePace"/>), the S3 store and the report signer (KMS when <c>TUNER_SIGNING_KEY_ID</c> is
/// set, else the local key file). Shared by the handlers of one execution environment, built on first use.
/// </summary>
internal sealed class FunctionServices
{
    private static readonly Lazy<FunctionServices> Instance = new(() => new FunctionServices(FunctionSettings.FromEnvironment(), AwsClientFactory.FromEnvironment()));
    private readonly Lazy<IReportSigner> _signer;
    private readonly Lazy<IReportVerifier> _verifier;
    private readonly Lazy<IStepFunctionsApi> _stepFunctions;

    private FunctionServices(FunctionSettings settings, AwsClientFactory factory)
    {
        Settings = settings;
        // One pace for every control-plane call this execution environment makes (Lambda's quota is per account).
        Lambda = factory.CreateLambda(new ControlPlanePace(settings.ControlPlaneRequestsPerSecond, TimeProvider.System));
        Store = factory.CreateObjectStore(settings.Bucket, settings.SecretsKeyId);
        Executions = settings.IsLocal ? new RunRecordExecutionStatus(Store) : new StepFunctionsExecutionStatus(factory.CreateStepFunctions());
        _signer = new Lazy<IReportSigner>(() => CreateSigner(settings, factory));
        _verifier = new Lazy<IReportVerifier>(() => CreateVerifier(settings, _signer.Value, factory));
        _stepFunctions = new Lazy<IStepFunctionsApi>(factory.CreateStepFunctions);
    }

    public static FunctionServices Shared => Instance.Value;

    public FunctionSettings Settings { get; }

    public ILambdaApi Lambda { get; }

    public IObjectStore Store { get; }

    /// <summary>Whether the execution holding an expired lease has ended (Step Functions on AWS, the run records locally).</summary>
    public IExecutionStatus Executions { get; }

    public IReportSigner Signer => _signer.Value;

    /// <summary>The janitor's Step Functions client.</summary>
    public IStepFunctionsApi StepFunctions => _stepFunctions.Value;

    /// <summary>Checks the job's previous report with the key this run signs with, and no other.</summary>
    public IReportVerifier Verifier => _verifier.Value;

    private static IReportVerifier CreateVerifier(FunctionSettings settings, IReportSigner signer, AwsClientFactory factory) =>
        signer is LocalKeyReportSigner local
            ? LocalKeyReportVerifier.FromFile(local.Key.PublicKeyPath)
            : factory.CreateKmsVerifier(settings.SigningKeyId!);

    private static IReportSigner CreateSigner(FunctionSettings settings, AwsClientFactory factory)
    {
        if (settings.SigningKeyId is { } keyId)
        {
            return factory.CreateKmsSigner(keyId);
        }

        if (!settings.IsLocal)
        {
            throw new InvalidOperationException($"{TunerEnvironment.SigningKeyId} is not set: on AWS reports are signed with a KMS key (ECC_NIST_P256)");
        }

        var path = settings.LocalKeyPath
            ?? LocalSigningKey.DefaultPath(settings.TunerHome, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        return new LocalKeyReportSigner(path);
    }
}
