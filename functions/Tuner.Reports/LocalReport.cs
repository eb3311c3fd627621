using Tuner.Core.Reports;

namespace Tuner.Reports;

/// <summary>A report.json found in the local reports folder, with whether a report.sig.json sits next to it.</summary>
public sealed record LocalReport(string Path, TuningReport Report, bool HasSignatureFile);
