namespace Tuner.Functions.Messages;

/// <summary>
/// One janitor pass: how many executions it looked at, the functions their plans name, the versions of ended runs it
/// deleted (<c>function:version</c>) and those it kept, each with the reason.
/// </summary>
public sealed record JanitorOutput(
    int ExecutionsChecked,
    IReadOnlyList<string> Functions,
    IReadOnlyList<string> DeletedVersions,
    IReadOnlyList<string> Kept);
