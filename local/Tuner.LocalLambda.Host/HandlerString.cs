namespace Tuner.LocalLambda.Host;

/// <summary>A parsed handler string <c>Assembly::Namespace.Type::Method</c>, as the managed .NET runtime reads it.</summary>
internal sealed record HandlerString(string Assembly, string TypeName, string MethodName)
{
    public static HandlerString Parse(string value)
    {
        var parts = value.Split("::");
        if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new HandlerLoadException(
                "Runtime.InvalidHandler",
                $"Unable to parse handler string '{value}': expected Assembly::Namespace.Type::Method.");
        }

        return new HandlerString(parts[0].Trim(), parts[1].Trim(), parts[2].Trim());
    }
}
