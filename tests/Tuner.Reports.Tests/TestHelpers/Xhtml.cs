using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Tuner.Reports.Tests.TestHelpers;

/// <summary>Parses the rendered report as XML (the renderer writes well-formed XHTML) and finds elements by class or data attribute.</summary>
internal static class Xhtml
{
    public static XDocument Parse(string html)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(html), settings);
        return XDocument.Load(reader);
    }

    public static bool HasClass(this XElement e, string cssClass) =>
        ((string?)e.Attribute("class"))?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(cssClass) == true;

    public static IEnumerable<XElement> WithClass(this XContainer root, string localName, string cssClass) =>
        root.Descendants().Where(e => e.Name.LocalName == localName && e.HasClass(cssClass));

    public static XElement ById(this XContainer root, string id) =>
        root.Descendants().Single(e => (string?)e.Attribute("id") == id);

    public static double Num(this XElement e, string attribute) =>
        double.Parse((string?)e.Attribute(attribute) ?? throw new InvalidOperationException($"no {attribute} on {e.Name.LocalName}"), CultureInfo.InvariantCulture);

    public static string Text(this XElement e) => string.Concat(e.DescendantNodes().OfType<XText>().Select(t => t.Value));
}
