namespace Tuner.Functions.Messages;

/// <summary>
/// One cell of a <see cref="MeasureUnit"/>: which published version (<see cref="Qualifier"/>) of which function to
/// invoke, how many warm samples to take (<see cref="Samples"/>), whether to start its environments first with one
/// warm-up wave (<see cref="WarmUp"/>), and how many invocations one wave sends at once.
/// </summary>
public sealed record UnitCell(string Id, string Function, string Qualifier, int Samples, bool WarmUp, int Concurrency);
