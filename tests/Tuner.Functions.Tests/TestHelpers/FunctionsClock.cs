namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>Where the functions' tests start the shared clock (the date their fixtures are written for).</summary>
public static class FunctionsClock
{
    public static DateTimeOffset Start { get; } = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
}
