namespace Tuner.Cli.Tests.TestHelpers;

/// <summary>A clock stopped at one instant (timers still come from the system).</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
