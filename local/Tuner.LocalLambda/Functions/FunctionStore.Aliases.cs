using System.Globalization;
using Tuner.LocalLambda.Api;

namespace Tuner.LocalLambda.Functions;

/// <summary>Aliases: a name on a version (or <c>$LATEST</c>), with Lambda's naming rule; a version an alias names cannot be deleted.</summary>
internal sealed partial class FunctionStore
{
    public AliasConfig CreateAlias(string identifier, string name, string functionVersion, string? description)
    {
        LambdaRequestRules.ValidateAliasName(name);
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

    private AliasConfig FindAlias(FunctionRecord record, string name) =>
        record.Aliases.TryGetValue(name, out var alias)
            ? alias
            : throw LambdaServiceException.NotFound($"Alias not found: {LocalArn.Function(_region, record.Name, name)}");

    private void RequireVersion(FunctionRecord record, string version)
    {
        if (version != Latest
            && !(int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && record.Versions.ContainsKey(number)))
        {
            throw LambdaRequestRules.FunctionNotFound(LocalArn.Function(_region, record.Name, version));
        }
    }
}
