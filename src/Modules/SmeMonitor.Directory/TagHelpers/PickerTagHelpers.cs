using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace SmeMonitor.Directory.TagHelpers;

/// <summary>
/// Renders a cascading picker in one line: <c>&lt;region-picker asp-for="RegionCode" /&gt;</c>,
/// <c>&lt;region-picker name="RegionCode" value="330102" root="33" /&gt;</c>, <c>&lt;industry-picker asp-for="IndustryCode" /&gt;</c>.
/// The form posts the deepest chosen code under the name. Without JavaScript a plain code box remains.
/// Other attributes (id, class) pass through to the container. Use it with
/// <c>@addTagHelper *, SmeMonitor.Directory</c> in the view's _ViewImports.
/// </summary>
public abstract class PickerTagHelper(IStringLocalizer<Strings> localizer) : TagHelper
{
    protected IStringLocalizer<Strings> T { get; } = localizer;

    public const string ScriptUrl = "/_content/SmeMonitor.Directory/pickers.js";
    private const string ScriptWritten = "SmeMonitor.Directory.PickersScript";

    [HtmlAttributeName("asp-for")]
    public ModelExpression? For { get; set; }

    /// <summary>The form field name (defaults to asp-for's).</summary>
    public string? Name { get; set; }

    /// <summary>The chosen code (defaults to asp-for's value).</summary>
    public string? Value { get; set; }

    /// <summary>Limits the picker to a subtree: a code prefix (region "33", "3301") or a code ("C", "36").</summary>
    public string? Root { get; set; }

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    protected abstract string Kind { get; }
    protected abstract string[] Prompts { get; }
    protected abstract string FallbackPlaceholder { get; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = Name ?? (For is null ? null : ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name))
                   ?? throw new InvalidOperationException($"<{Kind}-picker> needs name or asp-for.");
        var value = Value ?? For?.Model?.ToString() ?? "";

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute($"data-{Kind}-picker", "");
        output.Attributes.SetAttribute("data-name", name);
        output.Attributes.SetAttribute("data-value", value);
        if (!string.IsNullOrEmpty(Root)) output.Attributes.SetAttribute("data-root", Root);
        output.Attributes.SetAttribute("data-labels", JsonSerializer.Serialize(new { prompts = Prompts, error = T["加载失败，请重试。"].Value }));

        var fallback = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        fallback.AddCssClass("form-control");
        fallback.MergeAttribute("name", name);
        fallback.MergeAttribute("value", value);
        fallback.MergeAttribute("placeholder", FallbackPlaceholder);
        output.Content.SetHtmlContent(fallback);

        if (!ViewContext.HttpContext.Items.ContainsKey(ScriptWritten))
        {
            ViewContext.HttpContext.Items[ScriptWritten] = true;
            output.PostElement.SetHtmlContent($"<script src=\"{ScriptUrl}\" defer></script>");
        }
    }
}

[HtmlTargetElement("region-picker", TagStructure = TagStructure.WithoutEndTag)]
public sealed class RegionPickerTagHelper(IStringLocalizer<Strings> localizer) : PickerTagHelper(localizer)
{
    protected override string Kind => "region";
    protected override string[] Prompts => [T["请选择省份"], T["请选择城市"], T["请选择区县"]];
    protected override string FallbackPlaceholder => T["6位地区代码"];
}

[HtmlTargetElement("industry-picker", TagStructure = TagStructure.WithoutEndTag)]
public sealed class IndustryPickerTagHelper(IStringLocalizer<Strings> localizer) : PickerTagHelper(localizer)
{
    protected override string Kind => "industry";
    protected override string[] Prompts => [T["请选择门类"], T["请选择大类"], T["请选择中类"], T["请选择小类"]];
    protected override string FallbackPlaceholder => T["行业代码（门类字母或2至4位数字）"];
}
