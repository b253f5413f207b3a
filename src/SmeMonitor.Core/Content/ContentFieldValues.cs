using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace SmeMonitor.Core.Content;

/// <summary>
/// Turns submitted field values (from a form, a recipe or an API: strings are accepted for every kind)
/// into the stored JSON of an item, checking them against the type's field settings. Empty values are
/// left out; booleans are always stored.
/// </summary>
public sealed partial class ContentFieldValues(IStringLocalizer<ContentStrings> S, ContentFileStore files)
{
    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex RegionCodePattern();

    /// <summary>Returns the normalized title and fields, or throws <see cref="ContentValidationException"/> with paths "title" and "fields.Name".</summary>
    public (string Title, JsonObject Fields) Normalize(ContentTypeDefinition type, string? title, JsonObject input)
    {
        var errors = new List<ContentError>();
        var cleanTitle = (title ?? "").Trim();
        if (cleanTitle.Length == 0) errors.Add(new("title", S["标题不能为空"]));
        else if (cleanTitle.Length > ContentManager.TitleMaxLength) errors.Add(new("title", S["标题不能超过 {0} 个字符", ContentManager.TitleMaxLength]));

        foreach (var (name, _) in input)
            if (type.FindField(name) is null) errors.Add(new($"fields.{name}", S["未定义的字段“{0}”", name]));

        var output = new JsonObject();
        foreach (var field in type.Fields)
        {
            var path = $"fields.{field.Name}";
            void Error(string key, params object[] args) => errors.Add(new(path, S[key, [field.DisplayName, .. args]]));
            var value = Convert(field, input[field.Name], Error);
            if (value is null)
            {
                if (field.Required) Error("{0}不能为空");
                continue;
            }
            output[field.Name] = value;
        }
        if (errors.Count > 0) throw new ContentValidationException(errors);
        return (cleanTitle, output);
    }

    private JsonNode? Convert(ContentFieldDefinition field, JsonNode? node, Action<string, object[]> error)
    {
        switch (field.Kind)
        {
            case ContentFieldKind.Text:
            case ContentFieldKind.Markdown:
            {
                if (node is null) return null;
                if (!TryString(node, out var s)) { error("{0}必须是文字", []); return null; }
                s = field.Kind == ContentFieldKind.Text ? s.Trim() : s.TrimEnd().Replace("\r\n", "\n");
                if (s.Length == 0) return null;
                if (s.Length > field.EffectiveMaxLength) { error("{0}不能超过 {1} 个字符", [field.EffectiveMaxLength]); return null; }
                return JsonValue.Create(s);
            }
            case ContentFieldKind.Number:
            {
                decimal d;
                if (node is null) return null;
                if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number) d = v.GetValue<decimal>();
                else if (TryString(node, out var s))
                {
                    if (string.IsNullOrWhiteSpace(s)) return null;
                    if (!decimal.TryParse(s.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out d)) { error("{0}必须是数字", []); return null; }
                }
                else { error("{0}必须是数字", []); return null; }
                if (d < field.Min) { error("{0}不能小于 {1}", [field.Min!]); return null; }
                if (d > field.Max) { error("{0}不能大于 {1}", [field.Max!]); return null; }
                return JsonValue.Create(d);
            }
            case ContentFieldKind.Date:
            {
                if (node is null) return null;
                if (!TryString(node, out var s)) { error("{0}必须是日期（yyyy-MM-dd）", []); return null; }
                if (string.IsNullOrWhiteSpace(s)) return null;
                if (!DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                { error("{0}必须是日期（yyyy-MM-dd）", []); return null; }
                return JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            case ContentFieldKind.Boolean:
            {
                if (node is null) return JsonValue.Create(false);
                if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return JsonValue.Create(v.GetValue<bool>());
                if (TryString(node, out var s))
                {
                    switch (s.Trim().ToLowerInvariant())
                    {
                        case "true" or "on" or "1" or "yes": return JsonValue.Create(true);
                        case "false" or "off" or "0" or "no" or "": return JsonValue.Create(false);
                    }
                }
                error("{0}必须是“是”或“否”", []);
                return null;
            }
            case ContentFieldKind.RegionList:
            {
                var codes = new List<string>();
                if (node is null) return null;
                if (node is JsonArray array)
                {
                    foreach (var item in array)
                        if (item is not null && TryString(item, out var c)) codes.Add(c.Trim());
                        else { error("{0}必须是地区代码列表", []); return null; }
                }
                else if (TryString(node, out var s))
                    codes.AddRange(s.Split([',', '，', ';', '；', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
                else { error("{0}必须是地区代码列表", []); return null; }
                var bad = codes.FirstOrDefault(c => !RegionCodePattern().IsMatch(c));
                if (bad is not null) { error("{0}中的地区代码“{1}”无效（应为 6 位数字）", [bad]); return null; }
                codes = codes.Distinct().Order(StringComparer.Ordinal).ToList();
                return codes.Count == 0 ? null : new JsonArray(codes.Select(c => (JsonNode)JsonValue.Create(c)).ToArray());
            }
            case ContentFieldKind.Attachments:
            {
                if (node is null) return null;
                if (TryString(node, out var s))
                {
                    if (string.IsNullOrWhiteSpace(s)) return null;
                    try { node = JsonNode.Parse(s); }
                    catch (JsonException) { error("{0}中有无效的附件", []); return null; }
                }
                if (node is not JsonArray array) { error("{0}中有无效的附件", []); return null; }
                var list = new JsonArray();
                foreach (var item in array)
                {
                    var file = item is JsonObject o ? files.Describe(o) : null;
                    if (file is null) { error("{0}中有无效的附件", []); return null; }
                    list.Add(file.ToJson());
                }
                return list.Count == 0 ? null : list;
            }
            default:
                return null;
        }
    }

    private static bool TryString(JsonNode node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) { value = v.GetValue<string>(); return true; }
        value = "";
        return false;
    }
}
