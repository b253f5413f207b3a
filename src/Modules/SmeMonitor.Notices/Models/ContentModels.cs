using System.Text.Json.Nodes;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Security;
using SmeMonitor.Notices.Services;

namespace SmeMonitor.Notices.Models;

public sealed class ContentListModel
{
    public required IReadOnlyList<ContentListRow> Rows { get; init; }
    public required int Total { get; init; }
    public required ContentListFilter Filter { get; init; }
    public required IReadOnlyList<ContentTypeDefinition> Types { get; init; }
    public required RegionScope Scope { get; init; }
    public int Pages => Math.Max(1, (Total + ContentEditing.PageSize - 1) / ContentEditing.PageSize);
    public string TypeName(string type) => Types.FirstOrDefault(t => t.Name == type)?.DisplayName ?? type;
}

/// <summary>The create/edit page of an item of any type: one input per field, by kind.</summary>
public sealed class ContentEditorModel
{
    public required ContentTypeDefinition Type { get; init; }
    /// <summary>The latest version; null while creating.</summary>
    public ContentItem? Item { get; init; }
    public bool HasPublished { get; init; }
    public string Title { get; init; } = "";
    public JsonObject Fields { get; init; } = [];
    public IReadOnlyList<ContentError> Errors { get; init; } = [];
    public IReadOnlyDictionary<string, string> RegionNames { get; init; } = new Dictionary<string, string>();
    public IReadOnlyCollection<string> AllowedExtensions { get; init; } = [];
    public long MaxUploadBytes { get; init; }

    public string? ErrorFor(string path) => Errors.FirstOrDefault(e => e.Path == path)?.Message;
    public IEnumerable<ContentError> GeneralErrors => Errors.Where(e => e.Path != "title" && !e.Path.StartsWith("fields.", StringComparison.Ordinal));
}

public sealed record FieldEditorModel(ContentFieldDefinition Field, JsonNode? Value, string? Error,
    IReadOnlyDictionary<string, string> RegionNames, string? FileUrlBase);

public sealed record FieldDisplayModel(ContentFieldDefinition Field, JsonNode? Value, IReadOnlyDictionary<string, string> RegionNames, string FileUrlBase);

public sealed class PortalListModel
{
    public required ContentTypeDefinition Type { get; init; }
    public required IReadOnlyList<ContentItem> Items { get; init; }
    public required int Total { get; init; }
    public required int Page { get; init; }
    public required int PageSize { get; init; }
    public string? Keyword { get; init; }
    public IReadOnlyList<string> Filters { get; init; } = [];
    public string? Sort { get; init; }
    public string? Error { get; init; }
    public IReadOnlyDictionary<string, string> RegionNames { get; init; } = new Dictionary<string, string>();
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public string ListUrl => NoticeTypes.ListUrl(Type.Name);
}

public sealed class PortalItemModel
{
    public required ContentTypeDefinition Type { get; init; }
    public required ContentItem Item { get; init; }
    public required JsonObject Fields { get; init; }
    public IReadOnlyDictionary<string, string> RegionNames { get; init; } = new Dictionary<string, string>();
}

public sealed record LatestNoticesModel(IReadOnlyList<(ContentTypeDefinition Type, IReadOnlyList<ContentItem> Items)> Lists);
