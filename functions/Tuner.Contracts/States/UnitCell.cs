namespace Tuner.Contracts.States;

/// <summary>
/// One cell of a <see cref="MeasureUnit"/>: which published version (<see cref="Qualifier"/>) of which function to
/// invoke, how many warm samples to take (<see cref="Samples"/>), whether to start its environments first with one
/// warm-up wave (<see cref="WarmUp"/>), and how many invocations one wave sends at once. In cold mode
/// <see cref="ColdQualifiers"/> lists versions no one has invoked yet, one per invocation (<see cref="Qualifier"/> is the
/// first): each is invoked once, so each runs in a new execution environment. A string missing or null is read as
/// <c>""</c> (<see cref="ColdQualifiers"/> stays null).
/// </summary>
public sealed record UnitCell
{
    public string Id { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Function { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Qualifier { get; init => field = value ?? string.Empty; } = string.Empty;

    public int Samples { get; init; }

    public bool WarmUp { get; init; }

    public int Concurrency { get; init; }

    public IReadOnlyList<string>? ColdQualifiers { get; init; }
}
