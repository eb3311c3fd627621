using Tuner.Core.Ports;
using Tuner.LocalLambda;

namespace Tuner.Cli.Plan;

/// <summary>
/// The functions of a <c>tuner.local.json</c> seen through the Lambda API's read calls, as the local Lambda service
/// would answer them once started (same ARNs, configuration and tags), without starting it. Every call that would change
/// or invoke a function throws: what reads through it (<c>tuner plan</c>, <c>tuner run</c>'s check) cannot change anything.
/// </summary>
internal sealed class RegistryLambdaApi : ILambdaApi
{
    private const string LocalAccount = "000000000000";
    private readonly Dictionary<string, LocalFunctionDefinition> _functions;
    private readonly string _region;

    public RegistryLambdaApi(IEnumerable<LocalFunctionDefinition> functions, string region)
    {
        _functions = functions.ToDictionary(f => f.Name, StringComparer.Ordinal);
        _region = region;
    }

    public Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string? qualifier = null, CancellationToken cancellationToken = default)
    {
        var definition = Find(functionName);
        return Task.FromResult(new FunctionConfiguration(
            definition.Name,
            Arn(definition.Name),
            "$LATEST",
            definition.MemoryMb,
            definition.TimeoutSeconds,
            definition.Environment,
            // What the local Lambda service reports: the machine's architecture (prices are looked up for it).
            System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "x86_64",
            definition.Bootstrap is null ? "dotnet10" : "provided.al2023",
            "Active",
            "Successful",
            definition.Description));
    }

    public Task<IReadOnlyDictionary<string, string>> ListTagsAsync(string functionArn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(functionArn);
        var name = functionArn[(functionArn.LastIndexOf(':') + 1)..];
        return Task.FromResult(Find(name).Tags);
    }

    public Task<FunctionConfiguration> UpdateFunctionConfigurationAsync(string functionName, FunctionConfigurationUpdate update, CancellationToken cancellationToken = default) =>
        throw ReadOnly();

    public Task<FunctionConfiguration> PublishVersionAsync(string functionName, string? description = null, string? revisionId = null, string? codeSha256 = null, CancellationToken cancellationToken = default) =>
        throw ReadOnly();

    public Task<IReadOnlyList<FunctionConfiguration>> ListVersionsByFunctionAsync(string functionName, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<FunctionConfiguration>>([]);

    public Task DeleteFunctionVersionAsync(string functionName, string version, CancellationToken cancellationToken = default) => throw ReadOnly();

    public Task CreateAliasAsync(string functionName, string aliasName, string functionVersion, CancellationToken cancellationToken = default) => throw ReadOnly();

    public Task UpdateAliasAsync(string functionName, string aliasName, string functionVersion, CancellationToken cancellationToken = default) => throw ReadOnly();

    public Task DeleteAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default) => throw ReadOnly();

    public Task<InvocationResult> InvokeAsync(string functionName, string? qualifier, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        throw ReadOnly();

    private static NotSupportedException ReadOnly() => new("the registry is read here only: nothing may be changed or invoked");

    private string Arn(string name) => $"arn:aws:lambda:{_region}:{LocalAccount}:function:{name}";

    private LocalFunctionDefinition Find(string functionName) =>
        _functions.TryGetValue(functionName, out var definition)
            ? definition
            : throw new LambdaApiException("ResourceNotFoundException", 404, $"Function not found: {Arn(functionName)} (not in tuner.local.json)");
}
