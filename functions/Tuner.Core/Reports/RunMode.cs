namespace Tuner.Core.Reports;

/// <summary>Where a run executed.</summary>
public enum RunMode
{
    Aws,
    Local,
}
