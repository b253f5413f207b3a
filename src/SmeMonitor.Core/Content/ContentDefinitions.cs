using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace SmeMonitor.Core.Content;

/// <summary>What a field holds. Recipes name kinds by stable strings: text, markdown, number, date, boolean, region-list, attachments.</summary>
public enum ContentFieldKind
{
    Text,
    Markdown,
    Number,
    /// <summary>A calendar date, stored as yyyy-MM-dd.</summary>
    Date,
    Boolean,
    /// <summary>A list of GB/T 2260 region codes (e.g. 目标地区).</summary>
    RegionList,
    /// <summary>Files uploaded to the storage root (附件).</summary>
    Attachments,
}

public static class ContentFieldKinds
{
    private static readonly Dictionary<string, ContentFieldKind> ByName = new(StringComparer.Ordinal)
    {
        ["text"] = ContentFieldKind.Text,
        ["markdown"] = ContentFieldKind.Markdown,
        ["number"] = ContentFieldKind.Number,
        ["date"] = ContentFieldKind.Date,
        ["boolean"] = ContentFieldKind.Boolean,
        ["region-list"] = ContentFieldKind.RegionList,
        ["attachments"] = ContentFieldKind.Attachments,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static string NameOf(ContentFieldKind kind) => ByName.First(p => p.Value == kind).Key;

    public static bool TryParse(string? name, out ContentFieldKind kind) => ByName.TryGetValue(name ?? "", out kind);

    /// <summary>Which field-index table holds values of this kind; null for kinds that are not indexed (long text, files).</summary>
    public static ContentIndexTable? IndexTableOf(ContentFieldKind kind) => kind switch
    {
        ContentFieldKind.Text => ContentIndexTable.Text,
        ContentFieldKind.Number or ContentFieldKind.Boolean => ContentIndexTable.Number,
        ContentFieldKind.Date => ContentIndexTable.Date,
        ContentFieldKind.RegionList => ContentIndexTable.Region,
        _ => null,
    };
}

/// <summary>A field of a content type, with its settings.</summary>
public sealed record ContentFieldDefinition
{
    /// <summary>Stable code, e.g. Body; the key of the value in the item's JSON.</summary>
    public required string Name { get; init; }
    public required string DisplayName { get; init; }
    [JsonConverter(typeof(FieldKindConverter)), JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ContentFieldKind Kind { get; init; }
    public bool Required { get; init; }
    /// <summary>Text and markdown only; defaults apply when not set.</summary>
    public int? MaxLength { get; init; }
    /// <summary>Shown as a column in lists.</summary>
    public bool ShowInList { get; init; }
    /// <summary>Region-list only: the regions the item is meant for (目标地区). Empty = everyone. At most one per type.</summary>
    public bool Audience { get; init; }
    /// <summary>Number only.</summary>
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    /// <summary>Help text under the input.</summary>
    public string? Hint { get; init; }

    public const int DefaultTextMaxLength = 1000;
    public const int DefaultMarkdownMaxLength = 200_000;

    [JsonIgnore]
    public int EffectiveMaxLength => MaxLength ?? (Kind == ContentFieldKind.Markdown ? DefaultMarkdownMaxLength : DefaultTextMaxLength);
}

/// <summary>A named group of fields (a part), e.g. NoticePart.</summary>
public sealed record ContentPartDefinition
{
    public required string Name { get; init; }
    public string? DisplayName { get; init; }
    public IReadOnlyList<ContentFieldDefinition> Fields { get; init; } = [];
}

/// <summary>
/// A content type (内容类型) as data: stable name, display name, parts with fields. Every item of a
/// type also has a title (<see cref="ContentItem.DisplayText"/>), which is a common column, not a field.
/// </summary>
public sealed record ContentTypeDefinition
{
    /// <summary>Stable code, e.g. Notice.</summary>
    public required string Name { get; init; }
    /// <summary>e.g. 通知公告.</summary>
    public required string DisplayName { get; init; }
    /// <summary>Published items are listed on the portal (/content/{type}).</summary>
    public bool Listable { get; init; }
    public IReadOnlyList<ContentPartDefinition> Parts { get; init; } = [];
    /// <summary>Bumped on every change of this type; forms post it back to refuse edits made from a stale copy.</summary>
    public int Revision { get; init; }

    [JsonIgnore]
    public IEnumerable<ContentFieldDefinition> Fields => Parts.SelectMany(p => p.Fields);

    public ContentFieldDefinition? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>The region-list field that says who the item is for, if the type has one.</summary>
    [JsonIgnore]
    public ContentFieldDefinition? AudienceField => Fields.FirstOrDefault(f => f.Audience && f.Kind == ContentFieldKind.RegionList);
}

/// <summary>JSON shape of definitions: camelCase, kinds by their recipe names, defaults left out.</summary>
public static class ContentJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Definitions are read on the first page that lists content: their serialization code is generated at build time
        // instead of built by reflection (and IL emitted) at run time. Other types fall back to reflection.
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ContentJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>Codes of parts and fields: a letter, then letters and digits.</summary>
    public static readonly Regex CodePattern = new("^[A-Za-z][A-Za-z0-9]{0,63}$", RegexOptions.CultureInvariant);

    /// <summary>Codes of types: PascalCase (a capital letter, then letters and digits), e.g. Notice, PolicyGuide.</summary>
    public static readonly Regex TypeCodePattern = new("^[A-Z][A-Za-z0-9]{0,63}$", RegexOptions.CultureInvariant);
}

internal sealed class FieldKindConverter : JsonConverter<ContentFieldKind>
{
    public override ContentFieldKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ContentFieldKinds.TryParse(reader.GetString(), out var k) ? k : throw new JsonException($"unknown field kind '{reader.GetString()}'");

    public override void Write(Utf8JsonWriter writer, ContentFieldKind value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ContentFieldKinds.NameOf(value));
}

[JsonSerializable(typeof(ContentDefinitionManager.DocumentJson))]
[JsonSerializable(typeof(ContentTypeDefinition))]
internal sealed partial class ContentJsonContext : JsonSerializerContext;
