using Microsoft.Extensions.Localization;

namespace SmeMonitor.Core.Content;

/// <summary>
/// Checks a content type definition. Paths are relative to the type object (e.g. parts[0].fields[2].maxLength),
/// so the recipe step can prefix its JSON path and the dashboard can show the messages as they are.
/// </summary>
public sealed class ContentDefinitionValidator(IStringLocalizer<ContentStrings> S)
{
    /// <summary>Names of the common columns; a field may not take one, so queries and sorts stay unambiguous.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "DisplayText", "Title", "ContentItemId", "ContentType", "Owner", "RegionCode", "CreatedAt", "ModifiedAt",
        "PublishedAt", "ScheduledAt", "Latest", "Published", "Version", "Alias", "Id",
    };

    public IReadOnlyList<ContentError> Validate(ContentTypeDefinition type)
    {
        var errors = new List<ContentError>();
        void Add(string path, string key, params object[] args) => errors.Add(new ContentError(path, S[key, args]));

        if (!ContentJson.TypeCodePattern.IsMatch(type.Name ?? ""))
            Add("name", "类型代码“{0}”无效：以大写字母开头，只含字母和数字，最多 64 个字符", type.Name ?? "");
        CheckDisplayName(type.DisplayName, "displayName", Add);

        var partNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var fieldNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var audience = 0;
        for (var p = 0; p < type.Parts.Count; p++)
        {
            var part = type.Parts[p];
            var partPath = $"parts[{p}]";
            if (!ContentJson.CodePattern.IsMatch(part.Name ?? ""))
                Add($"{partPath}.name", "部件代码“{0}”无效：以字母开头，只含字母和数字，最多 64 个字符", part.Name ?? "");
            else if (!partNames.Add(part.Name!))
                Add($"{partPath}.name", "部件代码“{0}”重复", part.Name!);

            for (var f = 0; f < part.Fields.Count; f++)
            {
                var field = part.Fields[f];
                var path = $"{partPath}.fields[{f}]";
                var label = string.IsNullOrWhiteSpace(field.DisplayName) ? field.Name : field.DisplayName;
                if (!ContentJson.CodePattern.IsMatch(field.Name ?? ""))
                    Add($"{path}.name", "字段代码“{0}”无效：以字母开头，只含字母和数字，最多 64 个字符", field.Name ?? "");
                else if (ReservedNames.Contains(field.Name!))
                    Add($"{path}.name", "字段代码“{0}”是保留名称，请换一个", field.Name!);
                else if (!fieldNames.Add(field.Name!))
                    Add($"{path}.name", "字段代码“{0}”在此类型中重复", field.Name!);
                CheckDisplayName(field.DisplayName, $"{path}.displayName", Add);

                var textual = field.Kind is ContentFieldKind.Text or ContentFieldKind.Markdown;
                if (field.MaxLength is not null && !textual)
                    Add($"{path}.maxLength", "字段“{0}”：最大长度只适用于文本和 Markdown 字段", label);
                else if (field.MaxLength is < 1 or > 1_000_000)
                    Add($"{path}.maxLength", "字段“{0}”：最大长度应在 1 到 1000000 之间", label);
                if ((field.Min is not null || field.Max is not null) && field.Kind != ContentFieldKind.Number)
                    Add($"{path}.{(field.Min is not null ? "min" : "max")}", "字段“{0}”：最小值和最大值只适用于数字字段", label);
                else if (field.Min > field.Max)
                    Add($"{path}.min", "字段“{0}”：最小值不能大于最大值", label);
                if (field.Audience && field.Kind != ContentFieldKind.RegionList)
                    Add($"{path}.audience", "字段“{0}”：只有地区列表字段可以作为目标地区", label);
                else if (field.Audience && ++audience > 1)
                    Add($"{path}.audience", "一个类型只能有一个目标地区字段");
                if (field.Required && field.Kind == ContentFieldKind.Boolean)
                    Add($"{path}.required", "字段“{0}”：是/否字段不能设为必填", label);
                if (field.ShowInList && field.Kind is ContentFieldKind.Markdown or ContentFieldKind.Attachments)
                    Add($"{path}.showInList", "字段“{0}”：Markdown 和附件字段不能在列表中显示", label);
                if (field.Hint is { Length: > 200 })
                    Add($"{path}.hint", "字段“{0}”：提示不能超过 200 个字符", label);
            }
        }
        return errors;
    }

    private static void CheckDisplayName(string? value, string path, Action<string, string, object[]> add)
    {
        if (string.IsNullOrWhiteSpace(value)) add(path, "显示名称不能为空", []);
        else if (value.Length > 64) add(path, "显示名称不能超过 64 个字符", []);
    }
}
