using Tuner.LocalCloud;

namespace Tuner.IntegrationTests.Faults;

/// <summary>
/// Records an execution's events and, the first time <paramref name="when"/> holds for one, starts
/// <paramref name="action"/> (on the thread pool: the engine's reader must not wait for it). <see cref="Fired"/> is that
/// action, for the test to await; it stays incomplete if the event never came.
/// </summary>
internal sealed class OnEvent(Func<ExecutionEvent, bool> when, Func<Task> action) : IProgress<ExecutionEvent>
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<Task> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<ExecutionEvent> Events { get; } = [];

    /// <summary>The action, once it started; awaiting it awaits the action itself.</summary>
    public Task Fired => _started.Task.Unwrap();

    public void Report(ExecutionEvent value)
    {
        lock (_lock)
        {
            Events.Add(value);
            if (!_started.Task.IsCompleted && when(value))
            {
                _started.SetResult(Task.Run(action));
            }
        }
    }
}
