using Ganss.Xss;
using Markdig;

namespace SmeMonitor.Core.Content;

/// <summary>
/// Markdown (Markdig) to HTML that is safe to put in a page: the HTML always goes through HtmlSanitizer
/// with a small allow-list, because Markdig passes raw HTML, event handlers and javascript: links through.
/// No scripts, frames, forms, event attributes, classes or ids; links only http(s)/mailto or relative;
/// styles only for colour and alignment (never position, so nothing can cover the page).
/// </summary>
public sealed class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        // Editors write Chinese prose: a line break in the text is a line break on the page.
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    // Configured once, then only read: Sanitize may be called from many requests at once.
    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer()
    {
        _sanitizer = new HtmlSanitizer();
        Replace(_sanitizer.AllowedTags,
            "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "del", "ins", "sub", "sup",
            "mark", "small", "blockquote", "code", "pre", "kbd", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
            "tfoot", "tr", "th", "td", "caption", "a", "img", "span", "div", "figure", "figcaption", "abbr");
        Replace(_sanitizer.AllowedAttributes, "href", "src", "alt", "title", "colspan", "rowspan", "align", "start", "style", "width", "height");
        Replace(_sanitizer.AllowedCssProperties, "color", "background-color", "text-align", "font-weight", "font-style", "text-decoration", "vertical-align");
        Replace(_sanitizer.AllowedSchemes, "http", "https", "mailto");
        _sanitizer.AllowedAtRules.Clear();
        _sanitizer.AllowedClasses.Clear();
        _sanitizer.AllowDataAttributes = false;
        _sanitizer.PostProcessNode += (_, e) =>
        {
            // Links that leave the site do not get a handle on this page.
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a && a.GetAttribute("href") is { } href
                && (href.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
                a.SetAttribute("rel", "noopener noreferrer nofollow");
        };
    }

    /// <summary>Sanitized HTML for the Markdown; empty for null or blank input.</summary>
    public string ToSafeHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : _sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    private static void Replace(ISet<string> set, params string[] values)
    {
        set.Clear();
        foreach (var v in values) set.Add(v);
    }
}
