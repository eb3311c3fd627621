using Tuner.LocalCloud;

namespace Tuner.IntegrationTests.Workflow;

/// <summary>Collects an execution's events, in order, for assertions.</summary>
internal sealed class EventRecorder(List<ExecutionEvent> events) : IProgress<ExecutionEvent>
{
    public void Report(ExecutionEvent value) => events.Add(value);
}
