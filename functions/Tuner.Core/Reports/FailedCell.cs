namespace Tuner.Core.Reports;

/// <summary>A cell with no successful invocation (or no samples at all), with the dominant error type.</summary>
public sealed record FailedCell(string CellId, int Invocations, int Errors, string ErrorType, string? Message);
