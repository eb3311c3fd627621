using System.Globalization;
using Tuner.LocalLambda.Api;

namespace Tuner.LocalLambda.Functions;

/// <summary>
/// Functions, versions, aliases, tags and concurrency, with Lambda's rules: an update stays InProgress for a while
/// (a second update or a publish meanwhile is a conflict, invokes still use the previous configuration), published
/// versions are frozen, and PublishVersion of an unchanged <c>$LATEST</c> returns the last version. Every change gives
/// <c>$LATEST</c> a new <c>RevisionId</c>; an update or publish that names another revision is refused with 412
/// PreconditionFailedException, and a publish naming other code than <c>$LATEST</c>'s (<c>CodeSha256</c>) with
/// InvalidParameterValueException, as Lambda does. What a request may ask is <see cref="LambdaRequestRules"/>; aliases
/// are in FunctionStore.Aliases.cs, invocation admission (reserved concurrency, in-flight counts) in
/// FunctionStore.Invocations.cs; code hashes are <see cref="CodeIdentity"/>.
/// </summary>
internal sealed partial class FunctionStore
{
    public const string Latest = "$LATEST";

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

        LambdaRequestRules.ValidateMemory(definition.MemoryMb);
        LambdaRequestRules.ValidateTimeout(definition.TimeoutSeconds);
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
            CodeSha256 = CodeIdentity.OfRegistered(definition.Handler, definition.Bootstrap),
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
            LambdaRequestRules.ValidateMemory(memory);
        }

        if (update.TimeoutSeconds is { } timeout)
        {
            LambdaRequestRules.ValidateTimeout(timeout);
        }

        if (update.Environment is { } environment)
        {
            LambdaRequestRules.ValidateEnvironment(environment);
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

            LambdaRequestRules.ThrowIfRevisionChanged(record.Latest.RevisionId, update.RevisionId);
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

            LambdaRequestRules.ThrowIfRevisionChanged(record.Latest.RevisionId, revisionId);
            var next = record.Latest with
            {
                CodeSha256 = CodeIdentity.OfZip(zipFile),
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

            LambdaRequestRules.ThrowIfRevisionChanged(record.Latest.RevisionId, revisionId);
            LambdaRequestRules.ThrowIfCodeChanged(record.Latest.CodeSha256, codeSha256);

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
                throw LambdaRequestRules.FunctionNotFound(LocalArn.Function(_region, record.Name, version));
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

    private (FunctionRecord Record, string? Qualifier) Find(string identifier, string? qualifier)
    {
        var (name, version) = LocalArn.Parse(identifier, qualifier);
        if (!_functions.TryGetValue(name, out var record))
        {
            throw LambdaRequestRules.FunctionNotFound(LocalArn.Function(_region, name, version));
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
                : throw LambdaRequestRules.FunctionNotFound(LocalArn.Function(_region, record.Name, qualifier));
        }

        if (record.Aliases.TryGetValue(qualifier, out var alias))
        {
            return ResolveQualifier(record, alias.FunctionVersion);
        }

        throw LambdaRequestRules.FunctionNotFound(LocalArn.Function(_region, record.Name, qualifier));
    }

    private LambdaServiceException UpdateInProgress(FunctionRecord record) => LambdaRequestRules.UpdateInProgress(LocalArn.Function(_region, record.Name));

    private string NewRevision()
    {
        var n = Interlocked.Increment(ref _revision);
        return $"00000000-0000-4000-8000-{n:x12}";
    }
}
