using Amazon.CDK;
using Tuner.Infra;
using Tuner.Infra.Packaging;
using Tuner.Infra.Settings;
using Environment = System.Environment;

// Composition root of the CDK app (`cdk synth` runs `dotnet run --project infra/Tuner.Infra`, see cdk.json).
var repositoryRoot = RepositoryRoot.Find(AppContext.BaseDirectory);

// jsii unpacks ~66 MB into the temp folder on every run and never removes it: keep that inside the repository
// (ignored .tmp/) in a folder of this run, and delete it afterwards. The package cache is reused between runs.
var jsiiTemp = Path.Combine(repositoryRoot, ".tmp", "jsii", "run-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
Directory.CreateDirectory(jsiiTemp);
Environment.SetEnvironmentVariable("TMPDIR", jsiiTemp);
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JSII_RUNTIME_PACKAGE_CACHE_ROOT")))
{
    Environment.SetEnvironmentVariable("JSII_RUNTIME_PACKAGE_CACHE_ROOT", Path.Combine(repositoryRoot, ".tmp", "jsii-cache"));
}

try
{
    var app = new App();
    var context = new ContextReader(app.Node, repositoryRoot);
    var publisher = new FunctionPublisher(repositoryRoot, context.PublishDirectory());
    var functionsCode = await publisher.PublishAsync("Tuner.Functions", CancellationToken.None).ConfigureAwait(false);
    var workloadCode = await publisher.PublishAsync("Tuner.Workload", CancellationToken.None).ConfigureAwait(false);
    var settings = context.Read(functionsCode, workloadCode);
    _ = new TunerStack(app, context.StackName(), settings, new StackProps
    {
        Description = "Tuner: tunes Lambda memory and DynamoDB batch settings with Step Functions",
        StackName = context.StackName(),
    });
    app.Synth();
    return 0;
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync("tuner infra: " + e.Message).ConfigureAwait(false);
    return 1;
}
finally
{
    try
    {
        Directory.Delete(jsiiTemp, recursive: true);
    }
    catch (IOException)
    {
        // Best effort: a leftover folder is only disk space under the ignored .tmp/.
    }
}
