using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace IMCSim.Cli.Output;

/// <summary>
/// A self-contained HTML page of headings, notes, tables and figures: every figure's SVG is inlined (its ids made unique to the
/// figure, so clip paths of one plot never apply to another), and the same plot is saved as a PNG in a folder beside the page,
/// linked from its caption. The page loads nothing: no scripts, no style sheets, no images from elsewhere.
/// Each figure that plots rows of results.csv has a table of them below it (collapsed), one tr per point with data-point="KEY".
/// </summary>
internal sealed partial class ReportPage
{
    private readonly StringBuilder _body = new();
    private readonly List<ReportFigure> _figures = [];

    public ReportPage(string title) => Title = title;

    public string Title { get; }

    public void Heading(string text, int level = 2) => _body.Append(Invariant($"<h{level}>{E(text)}</h{level}>\n"));

    public void Note(string text) => _body.Append($"<p class=\"note\">{E(text)}</p>\n");

    /// <summary>A table; every row's first cell is a point key, given to its tr as data-point (or data-failed with <paramref name="failed"/>).</summary>
    public void Table(string cssClass, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows, bool failed = false)
    {
        _body.Append($"<table class=\"{cssClass}\"><thead><tr>{string.Concat(columns.Select(c => $"<th>{E(c)}</th>"))}</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            _body.Append($"<tr {(failed ? "data-failed" : "data-point")}=\"{E(row[0])}\">{string.Concat(row.Select(c => $"<td>{E(c)}</td>"))}</tr>\n");
        }

        _body.Append("</tbody></table>\n");
    }

    /// <summary>Figures side by side (wrapping), each with its caption, a link to its PNG and the rows it plots.</summary>
    public void Figures(IEnumerable<ReportFigure> figures, string pngFolderName)
    {
        _body.Append("<div class=\"figures\">\n");
        foreach (ReportFigure f in figures)
        {
            _figures.Add(f);
            _body.Append($"<figure class=\"plot\" id=\"{E(f.Name)}\" data-plot=\"{E(f.Name)}\">\n");
            _body.Append(Svg(f)).Append('\n');
            _body.Append($"<figcaption>{E(f.Caption)} (<a href=\"{E(pngFolderName)}/{E(f.Name)}.png\">PNG</a>)</figcaption>\n");
            if (f.Rows is { } rows)
            {
                _body.Append(Invariant($"<details><summary>the {rows.Rows.Count} rows plotted</summary>\n"));
                Table("plotted", rows.Columns, rows.Rows.Select(r => (IReadOnlyList<string>)[r.Key, .. r.Cells]));
                _body.Append("</details>\n");
            }

            _body.Append("</figure>\n");
        }

        _body.Append("</div>\n");
    }

    /// <summary>Writes the page to <paramref name="htmlPath"/> and every figure as a PNG into <paramref name="pngFolder"/>.</summary>
    public void Write(string htmlPath, string pngFolder)
    {
        Directory.CreateDirectory(pngFolder);
        foreach (ReportFigure f in _figures)
        {
            f.Plot.SavePng(Path.Combine(pngFolder, f.Name + ".png"), f.WidthPx, f.HeightPx);
        }

        string html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{E(Title)}}</title>
            <style>
            body { font-family: "DejaVu Sans", sans-serif; margin: 1.5em; color: #222; }
            .figures { display: flex; flex-wrap: wrap; gap: 1em; }
            figure { margin: 0; }
            figcaption { font-size: 0.9em; color: #555; }
            table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0 1em; }
            th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
            .note { color: #444; max-width: 70em; }
            details { max-width: 820px; }
            </style>
            </head>
            <body>
            <h1>{{E(Title)}}</h1>
            {{_body}}</body>
            </html>

            """;
        File.WriteAllText(htmlPath, html);
    }

    /// <summary>The figure's SVG without its XML declaration, its ids (and the references to them) prefixed with the figure's name.</summary>
    private static string Svg(ReportFigure f)
    {
        string svg = f.Plot.GetSvgXml(f.WidthPx, f.HeightPx);
        svg = svg[svg.IndexOf("<svg", StringComparison.Ordinal)..];
        svg = IdAttribute().Replace(svg, m => $"id=\"{f.Name}-{m.Groups[1].Value}\"");
        svg = IdReference().Replace(svg, m => $"url(#{f.Name}-{m.Groups[1].Value})");
        return svg.Replace("<svg ", $"<svg role=\"img\" aria-label=\"{E(f.Caption)}\" ", StringComparison.Ordinal);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex IdReference();
}
