namespace Tuner.LocalLambda.Api;

/// <summary>The Lambda API action names this service serves (what fault rules name in <c>operation</c>).</summary>
internal static class LambdaOperation
{
    public const string ListFunctions = nameof(ListFunctions);
    public const string GetFunction = nameof(GetFunction);
    public const string DeleteFunction = nameof(DeleteFunction);
    public const string GetFunctionConfiguration = nameof(GetFunctionConfiguration);
    public const string UpdateFunctionConfiguration = nameof(UpdateFunctionConfiguration);
    public const string UpdateFunctionCode = nameof(UpdateFunctionCode);
    public const string Invoke = nameof(Invoke);
    public const string PublishVersion = nameof(PublishVersion);
    public const string ListVersionsByFunction = nameof(ListVersionsByFunction);
    public const string CreateAlias = nameof(CreateAlias);
    public const string ListAliases = nameof(ListAliases);
    public const string GetAlias = nameof(GetAlias);
    public const string UpdateAlias = nameof(UpdateAlias);
    public const string DeleteAlias = nameof(DeleteAlias);
    public const string ListTags = nameof(ListTags);
    public const string TagResource = nameof(TagResource);
    public const string UntagResource = nameof(UntagResource);
    public const string PutFunctionConcurrency = nameof(PutFunctionConcurrency);
    public const string DeleteFunctionConcurrency = nameof(DeleteFunctionConcurrency);
    public const string GetFunctionConcurrency = nameof(GetFunctionConcurrency);

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ListFunctions, GetFunction, DeleteFunction, GetFunctionConfiguration, UpdateFunctionConfiguration, UpdateFunctionCode, Invoke,
        PublishVersion, ListVersionsByFunction, CreateAlias, ListAliases, GetAlias, UpdateAlias, DeleteAlias, ListTags,
        TagResource, UntagResource, PutFunctionConcurrency, DeleteFunctionConcurrency, GetFunctionConcurrency,
    };
}
