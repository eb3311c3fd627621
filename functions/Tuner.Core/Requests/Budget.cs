namespace Tuner.Core.Requests;

/// <summary>The request's <c>budget</c>: plans whose upper-bound cost is above <see cref="MaxUsd"/> are refused.</summary>
public sealed record Budget(decimal MaxUsd);
