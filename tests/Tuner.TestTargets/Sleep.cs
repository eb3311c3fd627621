namespace Tuner.TestTargets;

/// <summary>Waits N ms (to run past a function's timeout, or to overlap invocations) and reports its process id.</summary>
public sealed class Sleep
{
    public async Task<Stream> Handle(Stream input)
    {
        var milliseconds = Payload.Number(input, "milliseconds", 1000);
        await Task.Delay(TimeSpan.FromMilliseconds(milliseconds));
        return Payload.Json(new { sleptMs = milliseconds, pid = Environment.ProcessId });
    }
}
