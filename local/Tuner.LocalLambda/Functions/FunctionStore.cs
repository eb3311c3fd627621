using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tuner.LocalLambda.Api;

namespace Tuner.LocalLambda.Functions;

/// <summary>
/// Functions, versions, aliases, tags and concurrency, with Lambda's rules: an update stays InProgress for a while
/// (a second update or a publish meanwhile is a conflict, invokes still use the previous configuration), published
/// versions are frozen, and PublishVersion of an unchanged <c>$LATEST</c> returns the last version. Every change gives
/// <c>$LATEST</c> a new <c>RevisionId</c>; an update or publish that names another revision is refused with 412
/// PreconditionFailedException, and a publish naming other code than <c>$LATEST</c>'s (<c>CodeSha256</c>) with
/// InvalidParameterValueException, as Lambda does.
/// </summary>
internal sealed class FunctionStore
{
    public const string Latest = "$LATEST";
    private const int MaxEnvironmentBytes = 4096;

    private readonly Dictionary<string, FunctionRecord> _functions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly string _region;
    private readonly TimeSpan _updateDelay;
    private readonly TimeProvider _time;
    private long _revision;

    public FunctionStore(string region, TimeSpan updateDelay, TimeProvider time)
    {
        _region = region;
        _updateDelay = updateDelay;
        _time = time;
    }

    public string Region => _region;

    public void Register(LocalFunctionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if ((definition.Handler is null) == (definition.Bootstrap is null))
        {
            throw new ArgumentException($"Function '{definition.Name}': exactly one of Handler or Bootstrap is required.", nameof(definition));
        }

        ValidateMemory(definition.MemoryMb);
        ValidateTimeout(definition.TimeoutSeconds);
        var config = new FunctionConfig
        {
            Name = definition.Name,
            Version = Latest,
            Handler = definition.Handler,
            Bootstrap = definition.Bootstrap,
            MemoryMb = definition.MemoryMb,
            TimeoutSeconds = definition.TimeoutSeconds,
            Environment = new Dictionary<string, string>(definition.Environment, StringComparer.Ordinal),
            Description = definition.Description ?? string.Empty,
            System = definition.System,
            RevisionId = NewRevision(),
            LastModified = _time.GetUtcNow(),
            CodeSha256 = CodeHash(definition.Handler, definition.Bootstrap),
        };

        lock (_lock)
        {
            _functions[definition.Name] = new FunctionRecord(config, definition.Tags, definition.ReservedConcurrency);
        }
    }

    public IReadOnlyList<ConfigurationView> ListFunctions()
    {
        lock (_lock)
        {
            return _functions.Values.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => LatestView(f, qualifiedArn: false)).ToList();
        }
    }

    public ConfigurationView GetConfiguration(string identifier, string? qualifier)
    {
        lock (_lock)
        {
            var (record, version) = Find(identifier, qualifier);
            if (version is null or Latest)
            {
                return LatestView(record, qualifiedArn: version is not null);
            }

            var config = ResolveQualifier(record, version);
            return new ConfigurationView(config, "Successful", LocalArn.Function(_region, record.Name, version));
        }
    }

    /// <summary>The function's tags and reserved concurrency, for GetFunction.</summary>
    public (IReadOnlyDictionary<string, string> Tags, int? ReservedConcurrency) GetExtras(string identifier)
    {
        lock (_lock)
        {
            var (record, _) = Find(identifier, null);
            return (new Dictionary<string, string>(record.Tags), record.ReservedConcurrency);
        }
    }

    public ConfigurationView Update(string identifier, ConfigurationUpdate update)
    {
        if (update.MemoryMb is { } memory)
        {
            ValidateMemory(memory);
        }

        if (update.TimeoutSeconds is { } timeout)
        {
            ValidateTimeout(timeout);
        }

        if (update.Environment is { } environment && environment.Sum(kv => Encoding.UTF8.GetByteCount(kv.Key) + Encoding.UTF8.GetByteCount(kv.Value)) > MaxEnvironmentBytes)
        {
            throw LambdaServiceException.InvalidParameter(
                "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit.");
        }

        lock (_lock)
        {
            var (record, qualifier) = Find(identifier, null);
            if (qualifier is not null)
            {
                throw LambdaServiceException.InvalidParameter("Qualifier is not supported for UpdateFunctionConfiguration; only $LATEST can be updated.");
            }

            if (record.Pending is not null)
            {
                throw UpdateInProgress(record);
            }

            ThrowIfRevisionChanged(record, update.RevisionId);
            var next = record.Latest with
            {
                MemoryMb = update.MemoryMb ?? record.Latest.MemoryMb,
                TimeoutSeconds = update.TimeoutSeconds ?? record.Latest.TimeoutSeconds,
                Environment = update.Environment is null ? record.Latest.Environment : new Dictionary<string, string>(update.Environment, StringComparer.Ordinal),
                Description = update.Description ?? record.Latest.Description,
                RevisionId = NewRevision(),
                LastModified = _time.GetUtcNow(),
            };
            record.Pending = (next, _time.GetUtcNow() + _updateDelay);
            return LatestView(record, qualifiedArn: false);
        }
    }

    /// <summary>
    /// The function's code changes (UpdateFunctionCode): a new <see cref="FunctionConfig.CodeSha256"/> and revision,
    /// InProgress like a configuration update. Invocations keep running the registered handler: locally a deploy
    /// changes what Lambda reports, which is what Tuner's drift checks read.
    /// </summary>
    public ConfigurationView UpdateCode(string identifier, byte[] zipFile, string? revisionId)
    {
        lock (_lock)
        {
            var (record, qualifier) = Find(identifier, null);
            if (qualifier is not null)
            {
                throw LambdaServiceException.InvalidParameter("Qualifier is not supported for UpdateFunctionCode; only $LATEST can be updated.");
            }

            if (record.Pending is not null)
            {
                throw UpdateInProgress(record);
            }

            ThrowIfRevisionChanged(record, revisionId);
            var next = record.Latest with
            {
                CodeSha256 = Convert.ToBase64String(SHA256.HashData(zipFile)),
                RevisionId = NewRevision(),
                LastModified = _time.GetUtcNow(),
            };
            record.Pending = (next, _time.GetUtcNow() + _updateDelay);
            return LatestView(record, qualifiedArn: false);
        }
    }

    public ConfigurationView Publish(string identifier, string? description, string? revisionId = null, string? codeSha256 = null)
    {
        lock (_lock)
        {
            var (record, _) = Find(identifier, null);
            if (record.Pending is not null)
            {
                throw UpdateInProgress(record);
            }

            ThrowIfRevisionChanged(record, revisionId);
            if (codeSha256 is not null && codeSha256 != record.Latest.CodeSha256)
            {
                throw LambdaServiceException.InvalidParameter(
                    $"CodeSHA256 ({codeSha256}) is different from current CodeSHA256 in $LATEST ({record.Latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.");
            }

            if (record.Versions.Count > 0 && record.Versions.Values.Last() is { } last && last.SameContentAs(record.Latest))
            {
                return new ConfigurationView(last, "Successful", LocalArn.Function(_region, record.Name, last.Version));
            }

            var number = record.NextVersion++;
            var version = record.Latest with
            {
                Version = number.ToString(CultureInfo.InvariantCulture),
                Description = description ?? record.Latest.Description,
                RevisionId = NewRevision(),
                LastModified = _time.GetUtcNow(),
            };
            record.Versions[number] = version;
            return new ConfigurationView(version, "Successful", LocalArn.Function(_region, record.Name, version.Version));
        }
    }

    public IReadOnlyList<ConfigurationView> ListVersions(string identifier)
    {
        lock (_lock)
        {
            var (record, _) = Find(identifier, null);
            var views = new List<ConfigurationView> { LatestView(record, qualifiedArn: true) };
            views.AddRange(record.Versions.Values.Select(v => new ConfigurationView(v, "Successful", LocalArn.Function(_region, record.Name, v.Version))));
            return views;
        }
    }

    /// <summary>Deletes a version (with a qualifier) or the whole function (without).</summary>
    public void Delete(string identifier, string? qualifier)
    {
        lock (_lock)
        {
            var (record, version) = Find(identifier, qualifier);
            if (version is null)
            {
                _functions.Remove(record.Name);
                return;
            }

            if (version == Latest)
            {
                throw LambdaServiceException.InvalidParameter("$LATEST version cannot be deleted without deleting the function.");
            }

            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !record.Versions.ContainsKey(number))
            {
                throw LambdaServiceException.NotFound($"Function not found: {LocalArn.Function(_region, record.Name, version)}");
            }

            var referencing = record.Aliases.Values.Where(a => a.FunctionVersion == version).Select(a => a.Name).ToList();
            if (referencing.Count > 0)
            {
                throw LambdaServiceException.Conflict(
                    $"Unable to delete version because the following aliases reference it: [{string.Join(", ", referencing)}]");
            }

            record.Versions.Remove(number);
        }
    }

    public AliasConfig CreateAlias(string identifier, string name, string functionVersion, string? description)
    {
        ValidateAliasName(name);
        lock (_lock)
        {
            var (record, _) = Find(identifier, null);
            RequireVersion(record, functionVersion);
            if (record.Aliases.ContainsKey(name))
            {
                throw LambdaServiceException.Conflict($"Alias already exists: {LocalArn.Function(_region, record.Name, name)}");
            }

            var alias = new AliasConfig(name, functionVersion, description ?? string.Empty, NewRevision());
            record.Aliases[name] = alias;
            return alias;
        }
    }

    public AliasConfig GetAlias(string identifier, string name)
    {
        lock (_lock)
        {
            var (record, _) = Find(identifier, null);
            return FindAlias(record, name);
        }
    }

    public IReadOnlyList<AliasConfig> ListAliases(string identifier)
    {
        lock (_lock)
        {
            var (record, _) = Find(identifier, null);
            return record.Aliases.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        }
    }

    public AliasConfig UpdateAlias(string identifier, string name, string? functionVersion, string? description)
    {
        lock (_lock)
        {
            var (record, _) = Find(identifier, null);
            var alias = FindAlias(record, name);
            if (functionVersion is not null)
            {
                RequireVersion(record, functionVersion);
            }

            var updated = alias with
            {
                FunctionVersion = functionVersion ?? alias.FunctionVersion,
                Description = description ?? alias.Description,
                RevisionId = NewRevision(),
            };
            record.Aliases[name] = updated;
            return updated;
        }
    }

    public void DeleteAlias(string identifier, string name)
    {
        lock (_lock)
        {
            var (record, _) = Find(identifier, null);
            FindAlias(record, name);
            record.Aliases.Remove(name);
        }
    }

    public IReadOnlyDictionary<string, string> ListTags(string arn)
    {
        lock (_lock)
        {
            return new Dictionary<string, string>(Find(arn, null).Record.Tags);
        }
    }

    public void TagResource(string arn, IReadOnlyDictionary<string, string> tags)
    {
        lock (_lock)
        {
            var record = Find(arn, null).Record;
            foreach (var (key, value) in tags)
            {
                record.Tags[key] = value;
            }
        }
    }

    public void UntagResource(string arn, IEnumerable<string> keys)
    {
        lock (_lock)
        {
            var record = Find(arn, null).Record;
            foreach (var key in keys)
            {
                record.Tags.Remove(key);
            }
        }
    }

    public int? GetReservedConcurrency(string identifier)
    {
        lock (_lock)
        {
            return Find(identifier, null).Record.ReservedConcurrency;
        }
    }

    public void SetReservedConcurrency(string identifier, int? value)
    {
        if (value is < 0)
        {
            throw LambdaServiceException.InvalidParameter("ReservedConcurrentExecutions must be >= 0.");
        }

        lock (_lock)
        {
            Find(identifier, null).Record.ReservedConcurrency = value;
        }
    }

    /// <summary>Resolves an Invoke target and counts it in flight; throws 429 past the reserved concurrency.</summary>
    public ResolvedFunction EnterInvocation(string identifier, string? qualifier)
    {
        lock (_lock)
        {
            var (record, version) = Find(identifier, qualifier);
            var config = version is null or Latest ? record.Latest : ResolveQualifier(record, version);
            if (record.ReservedConcurrency is { } limit && record.InFlight >= limit)
            {
                throw LambdaServiceException.TooManyRequests("ReservedFunctionConcurrentInvocationLimitExceeded");
            }

            record.InFlight++;
            return new ResolvedFunction(config, LocalArn.Function(_region, record.Name, version));
        }
    }

    /// <summary>Invocations of <paramref name="name"/> (any version) still running; 0 for an unknown function.</summary>
    public int InFlight(string name)
    {
        lock (_lock)
        {
            return _functions.TryGetValue(name, out var record) ? record.InFlight : 0;
        }
    }

    public void ExitInvocation(string name)
    {
        lock (_lock)
        {
            if (_functions.TryGetValue(name, out var record) && record.InFlight > 0)
            {
                record.InFlight--;
            }
        }
    }

    /// <summary>Whether environments built for <paramref name="config"/> may still serve invocations.</summary>
    public bool IsCurrent(FunctionConfig config)
    {
        lock (_lock)
        {
            if (!_functions.TryGetValue(config.Name, out var record))
            {
                return false;
            }

            CompletePending(record);
            return config.Version == Latest
                ? record.Latest.RevisionId == config.RevisionId
                : int.TryParse(config.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && record.Versions.ContainsKey(n);
        }
    }

    private (FunctionRecord Record, string? Qualifier) Find(string identifier, string? qualifier)
    {
        var (name, version) = LocalArn.Parse(identifier, qualifier);
        if (!_functions.TryGetValue(name, out var record))
        {
            throw LambdaServiceException.NotFound($"Function not found: {LocalArn.Function(_region, name, version)}");
        }

        CompletePending(record);
        return (record, version);
    }

    private void CompletePending(FunctionRecord record)
    {
        if (record.Pending is { } pending && _time.GetUtcNow() >= pending.CompletesAt)
        {
            record.Latest = pending.Config;
            record.Pending = null;
        }
    }

    private ConfigurationView LatestView(FunctionRecord record, bool qualifiedArn)
    {
        CompletePending(record);
        var shown = record.Pending?.Config ?? record.Latest;
        return new ConfigurationView(
            shown,
            record.Pending is null ? "Successful" : "InProgress",
            LocalArn.Function(_region, record.Name, qualifiedArn ? Latest : null));
    }

    /// <summary>A version number or an alias name → the frozen configuration it runs.</summary>
    private FunctionConfig ResolveQualifier(FunctionRecord record, string qualifier)
    {
        if (qualifier == Latest)
        {
            return record.Latest;
        }

        if (int.TryParse(qualifier, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return record.Versions.TryGetValue(number, out var version)
                ? version
                : throw LambdaServiceException.NotFound($"Function not found: {LocalArn.Function(_region, record.Name, qualifier)}");
        }

        if (record.Aliases.TryGetValue(qualifier, out var alias))
        {
            return ResolveQualifier(record, alias.FunctionVersion);
        }

        throw LambdaServiceException.NotFound($"Function not found: {LocalArn.Function(_region, record.Name, qualifier)}");
    }

    private AliasConfig FindAlias(FunctionRecord record, string name) =>
        record.Aliases.TryGetValue(name, out var alias)
            ? alias
            : throw LambdaServiceException.NotFound($"Alias not found: {LocalArn.Function(_region, record.Name, name)}");

    private void RequireVersion(FunctionRecord record, string version)
    {
        if (version != Latest
            && !(int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && record.Versions.ContainsKey(number)))
        {
            throw LambdaServiceException.NotFound($"Function not found: {LocalArn.Function(_region, record.Name, version)}");
        }
    }

    private static void ThrowIfRevisionChanged(FunctionRecord record, string? revisionId)
    {
        if (revisionId is not null && revisionId != record.Latest.RevisionId)
        {
            throw LambdaServiceException.PreconditionFailed(
                "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    private LambdaServiceException UpdateInProgress(FunctionRecord record) =>
        LambdaServiceException.Conflict(
            $"The operation cannot be performed at this time. An update is in progress for resource: {LocalArn.Function(_region, record.Name)}");

    private static void ValidateMemory(int memoryMb)
    {
        if (memoryMb is < 128 or > 10240)
        {
            throw LambdaServiceException.InvalidParameter(
                $"1 validation error detected: Value '{memoryMb}' at 'memorySize' failed to satisfy constraint: Member must have value "
                + (memoryMb < 128 ? "greater than or equal to 128" : "less than or equal to 10240"));
        }
    }

    private static void ValidateTimeout(int timeoutSeconds)
    {
        if (timeoutSeconds is < 1 or > 900)
        {
            throw LambdaServiceException.InvalidParameter(
                $"1 validation error detected: Value '{timeoutSeconds}' at 'timeout' failed to satisfy constraint: Member must have value "
                + (timeoutSeconds < 1 ? "greater than or equal to 1" : "less than or equal to 900"));
        }
    }

    private static void ValidateAliasName(string name)
    {
        if (name.Length is 0 or > 128 || name.All(char.IsAsciiDigit) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw LambdaServiceException.InvalidParameter($"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
        }
    }

    private string NewRevision()
    {
        var n = Interlocked.Increment(ref _revision);
        return $"00000000-0000-4000-8000-{n:x12}";
    }

    private static string CodeHash(string? handler, string? bootstrap)
    {
        var path = FunctionConfig.CodePathOf(handler, bootstrap);
        var bytes = path is not null && File.Exists(path) ? File.ReadAllBytes(path) : Encoding.UTF8.GetBytes(handler ?? bootstrap ?? string.Empty);
        return Convert.ToBase64String(SHA256.HashData(bytes));
    }
}
