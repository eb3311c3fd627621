using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.S3;
using Spectre.Console;
using Tuner.Aws.CloudFormation;
using Tuner.Aws.Http;
using Tuner.Aws.S3;
using Tuner.Aws.Signing;
using Tuner.Aws.StepFunctions;
using Tuner.Cli.Deployed;
using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Core.Reports;
using Tuner.Core.Resilience;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

namespace Tuner.Cli.Tests.TestHelpers;

/// <summary>A deployed Tuner stack behind one fake HTTP handler: Tuner's real SigV4 CloudFormation and Step Functions
/// clients, and the AWS SDK's real S3 and KMS clients, all answered by <see cref="Handler"/>.</summary>
public sealed class FakeDeployment : IDisposable
{
    public const string Region = "us-east-1";
    public const string StackName = "Tuner";
    public const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:StateMachine2E01A3A5-x1";
    public const string Bucket = "tuner-bucket-abc";
    public const string KeyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
    public const string KeyArn = "arn:aws:kms:us-east-1:123456789012:key/" + KeyId;
    public const string Job = "orders-weekly";
    public const string CleanupKeyId = "5678abcd-12ab-34cd-56ef-1234567890ab";
    public const string CleanupKeyArn = "arn:aws:kms:us-east-1:123456789012:key/" + CleanupKeyId;

    private readonly HttpClient _http;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _cleanupKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Dictionary<string, (string Arn, ECDsa Key)> _kmsKeys = new(StringComparer.Ordinal);
    private readonly StringWriter _output = new();

    public FakeDeployment(bool interactive = false)
    {
        _http = new HttpClient(Handler, disposeHandler: false);
        var settings = new AwsClientSettings(Region, new StaticCredentialsProvider(new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")), _http)
        {
            Retry = RetryOptions.None,
            RandomSeed = 1,
        };
        var sdkCredentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        var factory = new FakeHttpClientFactory(Handler);
        var s3 = new AmazonS3Client(sdkCredentials, new AmazonS3Config
        {
            ServiceURL = "https://s3.us-east-1.amazonaws.com",
            AuthenticationRegion = Region,
            ForcePathStyle = true,
            HttpClientFactory = factory,
            MaxErrorRetry = 0,
        });
        var kms = new AmazonKeyManagementServiceClient(sdkCredentials, new AmazonKeyManagementServiceConfig
        {
            ServiceURL = "https://kms.us-east-1.amazonaws.com",
            AuthenticationRegion = Region,
            HttpClientFactory = factory,
            MaxErrorRetry = 0,
        });
        Clients = new DeployedClients(
            new CloudFormationClient(settings),
            new StepFunctionsClient(settings),
            bucket => new S3ObjectStore(s3, bucket),
            expectedKeyId => new KmsReportVerifier(kms, expectedKeyId),
            Region);
        AddKmsKey(KeyArn, _key, KeyId);
        AddKmsKey(CleanupKeyArn, _cleanupKey, CleanupKeyId);
        Handler.On("GetPublicKey", body => _kmsKeys.TryGetValue((string?)JsonNode.Parse(body)!["KeyId"] ?? string.Empty, out var named)
            ? FakeAwsHttpHandler.Json(new JsonObject
            {
                ["KeyId"] = named.Arn,
                ["PublicKey"] = Convert.ToBase64String(named.Key.ExportSubjectPublicKeyInfo()),
                ["KeySpec"] = "ECC_NIST_P256",
                ["KeyUsage"] = "SIGN_VERIFY",
                ["SigningAlgorithms"] = new JsonArray("ECDSA_SHA_256"),
            }.ToJsonString())
            : FakeAwsHttpHandler.JsonError("NotFoundException", "Key does not exist"));
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        Console.Profile.Width = 400;
    }

    public FakeAwsHttpHandler Handler { get; } = new();

    public DeployedClients Clients { get; }

    public IAnsiConsole Console { get; }

    /// <summary>Everything written to the console.</summary>
    public string Output => _output.ToString();

    public Func<CancellationToken, Task<DeployedClients>> Connect => _ => Task.FromResult(Clients);

    public static string ExecutionArn(string name) => StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;

    /// <summary>DescribeStacks answers with a complete Tuner stack.</summary>
    /// <param name="status">The stack's status.</param>
    /// <param name="withOutputs">False: a stack without Tuner's outputs.</param>
    /// <param name="withCleanupKey">True: the <c>CleanupSigningKeyId</c> output too (a stack whose Cleaner signs cleanup.json).</param>
    public FakeDeployment WithStack(string status = "CREATE_COMPLETE", bool withOutputs = true, bool withCleanupKey = false)
    {
        var outputs = withOutputs
            ? OutputXml("StateMachineArn", StateMachineArn) + OutputXml("BucketName", Bucket) + OutputXml("SigningKeyId", KeyId)
                + (withCleanupKey ? OutputXml("CleanupSigningKeyId", CleanupKeyId) : string.Empty)
            : OutputXml("Other", "x");
        Handler.On("DescribeStacks", _ => FakeAwsHttpHandler.Xml($"""
            <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <DescribeStacksResult><Stacks><member>
                <StackName>{StackName}</StackName><StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/Tuner/1</StackId>
                <StackStatus>{status}</StackStatus><Outputs>{outputs}</Outputs>
              </member></Stacks></DescribeStacksResult>
              <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
            </DescribeStacksResponse>
            """));
        return this;

        static string OutputXml(string key, string value) => $"<member><OutputKey>{key}</OutputKey><OutputValue>{value}</OutputValue></member>";
    }

    /// <summary>DescribeStacks answers as CloudFormation does for a missing stack.</summary>
    public FakeDeployment WithoutStack()
    {
        Handler.On("DescribeStacks", _ => FakeAwsHttpHandler.Xml(
            "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id Tuner does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>",
            HttpStatusCode.BadRequest));
        return this;
    }

    /// <summary>An execution that is RUNNING once, then SUCCEEDED, with a Map of <paramref name="cells"/> cells.</summary>
    public FakeDeployment WithExecution(string name, string finalStatus = "SUCCEEDED", int cells = 3, string? error = null, string? cause = null)
    {
        var arn = ExecutionArn(name);
        Handler.On("StartExecution", _ => FakeAwsHttpHandler.Json($$"""{"executionArn":"{{arn}}","startDate":1795000000.5}"""));
        Handler.Once("DescribeExecution", _ => FakeAwsHttpHandler.Json(Describe(arn, name, "RUNNING", null, null)));
        Handler.On("DescribeExecution", _ => FakeAwsHttpHandler.Json(Describe(arn, name, finalStatus, error, cause)));
        var events = new JsonArray
        {
            Event(1, "ExecutionStarted", null),
            Event(2, "TaskStateEntered", new JsonObject { ["stateEnteredEventDetails"] = new JsonObject { ["name"] = "Planner" } }),
            Event(3, "MapStateEntered", new JsonObject { ["stateEnteredEventDetails"] = new JsonObject { ["name"] = "Measure" } }),
            Event(4, "MapStateStarted", new JsonObject { ["mapStateStartedEventDetails"] = new JsonObject { ["length"] = cells } }),
        };
        for (var i = 0; i < cells; i++)
        {
            events.Add(Event(5 + i, i == 0 && finalStatus != "SUCCEEDED" ? "MapIterationFailed" : "MapIterationSucceeded", null));
        }

        Handler.On("GetExecutionHistory", _ => FakeAwsHttpHandler.Json(new JsonObject { ["events"] = events.DeepClone() }.ToJsonString()));
        return this;

        static JsonObject Event(int id, string type, JsonObject? details)
        {
            var e = new JsonObject { ["id"] = id, ["previousEventId"] = id - 1, ["type"] = type, ["timestamp"] = 1795000000 + id };
            foreach (var (key, value) in details ?? [])
            {
                e[key] = value!.DeepClone();
            }

            return e;
        }

        static string Describe(string arn, string name, string status, string? error, string? cause) => new JsonObject
        {
            ["executionArn"] = arn,
            ["stateMachineArn"] = StateMachineArn,
            ["name"] = name,
            ["status"] = status,
            ["startDate"] = 1795000000.5,
            ["error"] = error,
            ["cause"] = cause,
        }.ToJsonString();
    }

    /// <summary>Adds another principal's KMS key, readable by anyone (GetPublicKey answers for its ARN and aliases).</summary>
    public ECDsa AddForeignKey(string keyArn, params string[] aliases)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        AddKmsKey(keyArn, key, aliases);
        return key;
    }

    /// <summary>Puts a report of run <paramref name="runId"/> in the bucket, signed (version 2) by the stack's key unless
    /// <paramref name="signedBy"/> says which other key (and which key id to name); optionally altered after signing, or
    /// the report of run <paramref name="reportOfRun"/> copied under <paramref name="runId"/>.</summary>
    public byte[] WithSignedReport(string runId, bool tamper = false, (string KeyId, ECDsa Key)? signedBy = null, string? reportOfRun = null)
    {
        var run = reportOfRun ?? runId;
        var report = CanonicalJson.Serialize(SyntheticReport.Create(new SyntheticReportOptions { RunId = run, Job = Job }));
        var digest = Convert.ToHexStringLower(SHA256.HashData(report));
        var (keyId, key) = signedBy ?? (KeyArn, _key);
        var signature = new ReportSignature(
            ReportSignatureFile.Algorithm,
            keyId,
            digest,
            Convert.ToBase64String(key.SignHash(SignedStatement.HashToSign(new ReportBinding(run, Job), keyId, digest), DSASignatureFormat.Rfc3279DerSequence)),
            DateTimeOffset.FromUnixTimeSeconds(1795000100))
        {
            SchemaVersion = ReportSignature.BoundVersion,
            RunId = run,
            Job = Job,
        };
        var stored = tamper ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(report).Replace(Job, "orders-weeklY", StringComparison.Ordinal)) : report;
        var prefix = $"GET /{Bucket}/runs/{runId}/";
        Handler.On(prefix + "report.json", _ => FakeAwsHttpHandler.Bytes(stored));
        Handler.On(prefix + "report.sig.json", _ => FakeAwsHttpHandler.Bytes(ReportSignatureFile.Serialize(signature)));
        Handler.On(prefix + "report.html", _ => FakeAwsHttpHandler.Bytes("<html>report</html>"u8.ToArray()));
        return stored;
    }

    /// <summary>Puts <paramref name="record"/> as run <paramref name="runId"/>'s cleanup.json, with cleanup.sig.json by the
    /// stack's cleanup key unless <paramref name="withSignature"/> is false; <paramref name="storedRecord"/>: what the bucket holds
    /// instead of the signed bytes (a record changed after signing).</summary>
    public void WithCleanupRecord(string runId, string record, bool withSignature = true, string? storedRecord = null)
    {
        var bytes = Encoding.UTF8.GetBytes(record);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var binding = new ReportBinding(runId, Job) { Record = ReportSignature.CleanupRecord };
        var signature = new ReportSignature(
            ReportSignatureFile.Algorithm,
            CleanupKeyArn,
            digest,
            Convert.ToBase64String(_cleanupKey.SignHash(SignedStatement.HashToSign(binding, CleanupKeyArn, digest), DSASignatureFormat.Rfc3279DerSequence)),
            DateTimeOffset.FromUnixTimeSeconds(1795000200))
        {
            SchemaVersion = ReportSignature.BoundVersion,
            RunId = runId,
            Job = Job,
            Record = ReportSignature.CleanupRecord,
        };
        var prefix = $"GET /{Bucket}/runs/{runId}/";
        Handler.On(prefix + "cleanup.json", _ => FakeAwsHttpHandler.Bytes(Encoding.UTF8.GetBytes(storedRecord ?? record)));
        if (withSignature)
        {
            Handler.On(prefix + "cleanup.sig.json", _ => FakeAwsHttpHandler.Bytes(ReportSignatureFile.Serialize(signature)));
        }
    }

    private void AddKmsKey(string keyArn, ECDsa key, params string[] names)
    {
        foreach (var name in names.Append(keyArn))
        {
            _kmsKeys[name] = (keyArn, key);
        }
    }

    /// <summary>A folder under the test output for downloads, removed on dispose.</summary>
    public string OutDirectory { get; } = Path.Combine(Path.GetTempPath(), "tuner-cli-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _http.Dispose();
        foreach (var key in _kmsKeys.Values.Select(k => k.Key).Distinct())
        {
            key.Dispose();
        }

        _output.Dispose();
        if (Directory.Exists(OutDirectory))
        {
            Directory.Delete(OutDirectory, recursive: true);
        }
    }
}
