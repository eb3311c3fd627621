using System.Text.Json;

namespace Tuner.Functions.Messages;

/// <summary>
/// The Cleaner's input: the run id and the execution input (the request, possibly invalid), whether the run
/// <c>succeeded</c> or <c>failed</c>, and on failure the error that was caught (<c>{Error, Cause}</c>).
/// </summary>
public sealed record CleanerInput(string RunId, JsonElement Request, string? Outcome, JsonElement? Error);
