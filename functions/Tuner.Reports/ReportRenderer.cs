using HandlebarsDotNet;
using Tuner.Contracts;
using Tuner.Core.Reports;
using Tuner.Reports.Html;

namespace Tuner.Reports;

/// <summary>
/// Renders <c>report.html</c>: one self-contained page (inline CSS and SVG charts, no script, no external request)
/// from the embedded <c>reports-template/report.hbs</c> and <c>report.css</c>. Thread-safe; the template is
/// compiled once per process.
/// </summary>
public static class ReportRenderer
{
    private static readonly Lazy<(HandlebarsTemplate<object, object> Template, string Css)> Compiled = new(Compile, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Renders the report; the signature section points to report.sig.json.</summary>
    public static string RenderHtml(TuningReport report) => RenderHtml(report, signature: null);

    /// <summary>Renders the report, naming the key and digest of <paramref name="signature"/> when the caller signed report.json first.</summary>
    public static string RenderHtml(TuningReport report, ReportSignature? signature)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (template, css) = Compiled.Value;
        return template(ReportViewBuilder.Build(report, signature, css));
    }

    private static (HandlebarsTemplate<object, object>, string) Compile()
    {
        var handlebars = Handlebars.Create(new HandlebarsConfiguration { ThrowOnUnresolvedBindingExpression = true });
        return (handlebars.Compile(ReadResource("Tuner.Reports.report.hbs")), ReadResource("Tuner.Reports.report.css"));
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(ReportRenderer).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from {typeof(ReportRenderer).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
