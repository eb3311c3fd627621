using HandlebarsDotNet;
using Tuner.Contracts;
using Tuner.Core.Reports;
using Tuner.Reports.Html;

namespace Tuner.Reports;

/// <summary>
/// Renders <c>report.html</c>: one self-contained page (inline CSS and SVG charts, no script, no external request)
/// from the embedded <c>reports-template/report.hbs</c> and <c>report.css</c>, and <c>cleanup.html</c>
/// (<see cref="RenderCleanupHtml"/>) from <c>cleanup.hbs</c>; both show the Cleaner's section
/// (<c>cleanup-section.hbs</c>). Thread-safe; the templates are compiled once per process.
/// </summary>
public static class ReportRenderer
{
    private static readonly Lazy<Templates> Compiled = new(Compile, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Renders the report; the signature section points to report.sig.json.</summary>
    public static string RenderHtml(TuningReport report) => RenderHtml(report, signature: null);

    /// <summary>Renders the report, naming the key and digest of <paramref name="signature"/> when the caller signed report.json first.</summary>
    public static string RenderHtml(TuningReport report, ReportSignature? signature) => RenderHtml(report, signature, cleanup: null);

    /// <summary>
    /// Renders the report with what the Cleaner recorded after it (<paramref name="cleanup"/>; null, as the Reducer renders
    /// before the Cleaner runs: the section says where the record will be).
    /// </summary>
    public static string RenderHtml(TuningReport report, ReportSignature? signature, CleanupAddendum? cleanup)
    {
        ArgumentNullException.ThrowIfNull(report);
        var compiled = Compiled.Value;
        return compiled.Report(ReportViewBuilder.Build(report, signature, compiled.Css, cleanup));
    }

    /// <summary>Renders <c>cleanup.html</c>: the Cleaner's record of <paramref name="cleanup"/>'s run, for people, beside report.html.</summary>
    public static string RenderCleanupHtml(CleanupAddendum cleanup)
    {
        ArgumentNullException.ThrowIfNull(cleanup);
        var compiled = Compiled.Value;
        var runId = cleanup.Record?.RunId ?? cleanup.Signature?.RunId ?? "?";
        return compiled.Cleanup(new
        {
            title = $"Tuner cleanup · run {runId}",
            heading = $"What the Cleaner did after run {runId}",
            runId,
            css = compiled.Css,
            cleanup = CleanupViewBuilder.Build(cleanup),
        });
    }

    private static Templates Compile()
    {
        var handlebars = Handlebars.Create(new HandlebarsConfiguration { ThrowOnUnresolvedBindingExpression = true });
        handlebars.RegisterTemplate("cleanup-section", ReadResource("Tuner.Reports.cleanup-section.hbs"));
        return new Templates(
            handlebars.Compile(ReadResource("Tuner.Reports.report.hbs")),
            handlebars.Compile(ReadResource("Tuner.Reports.cleanup.hbs")),
            ReadResource("Tuner.Reports.report.css"));
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(ReportRenderer).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from {typeof(ReportRenderer).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record Templates(HandlebarsTemplate<object, object> Report, HandlebarsTemplate<object, object> Cleanup, string Css);
}
