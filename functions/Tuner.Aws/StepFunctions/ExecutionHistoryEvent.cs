namespace Tuner.Aws.StepFunctions;

/// <summary>
/// One history event. <c>Type</c> is Step Functions' event type (e.g. <c>TaskStateExited</c>,
/// <c>MapIterationSucceeded</c>); <c>StateName</c> comes from state entered/exited details; <c>Error</c>/<c>Cause</c>
/// from failure details; <c>DetailsJson</c> is the whole <c>…EventDetails</c> object, or null.
/// </summary>
public sealed record ExecutionHistoryEvent(
    long Id,
    long PreviousEventId,
    string Type,
    DateTimeOffset Timestamp,
    string? StateName,
    string? Error,
    string? Cause,
    string? DetailsJson);
