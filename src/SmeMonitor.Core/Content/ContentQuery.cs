using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Core.Content;

/// <summary>Which version of items a query reads.</summary>
public enum ContentVersion
{
    /// <summary>What the public sees.</summary>
    Published,
    /// <summary>What editors see: the draft when there is one, else the published version.</summary>
    Latest,
}

/// <summary>Comparison of a field with a value. Short names (for URLs and recipes): eq ne gt ge lt le contains startswith within.</summary>
public enum ContentOperator { Equal, NotEqual, GreaterThan, GreaterOrEqual, LessThan, LessOrEqual, Contains, StartsWith, Within }

/// <summary>
/// Lists items of one type, filtered and sorted by any of its fields, including fields defined only in
/// a recipe or in the dashboard: a filter on a field becomes an EXISTS on the field's index table.
/// <code>
/// var q = await contentQuery.ForAsync("Policy");
/// var items = await q.Where("Amount", ContentOperator.GreaterThan, "100").OrderBy("Deadline", descending: true).ListAsync(0, 20);
/// </code>
/// </summary>
public sealed class ContentQuery(SmeDbContext db, ContentDefinitionManager definitions, ContentManager manager, IStringLocalizer<ContentStrings> S)
{
    /// <summary>A query over items of the type; throws <see cref="ContentValidationException"/> for an unknown type.</summary>
    public async Task<ContentQueryBuilder> ForAsync(string contentType, ContentVersion version = ContentVersion.Published, CancellationToken ct = default)
    {
        var type = await definitions.GetTypeAsync(contentType, ct)
                   ?? throw new ContentValidationException([new("type", S["未知的内容类型“{0}”", contentType])]);
        return new ContentQueryBuilder(db, type, version, manager, S);
    }
}

public sealed class ContentQueryBuilder
{
    private static readonly Dictionary<string, ContentOperator> OperatorNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["eq"] = ContentOperator.Equal, ["ne"] = ContentOperator.NotEqual, ["gt"] = ContentOperator.GreaterThan,
        ["ge"] = ContentOperator.GreaterOrEqual, ["lt"] = ContentOperator.LessThan, ["le"] = ContentOperator.LessOrEqual,
        ["contains"] = ContentOperator.Contains, ["startswith"] = ContentOperator.StartsWith, ["within"] = ContentOperator.Within,
    };

    private readonly SmeDbContext _db;
    private readonly ContentVersion _version;
    private readonly ContentManager _manager;
    private readonly IStringLocalizer<ContentStrings> S;
    private IQueryable<ContentItem> _query;
    private Func<IQueryable<ContentItem>, IOrderedQueryable<ContentItem>>? _order;

    internal ContentQueryBuilder(SmeDbContext db, ContentTypeDefinition type, ContentVersion version, ContentManager manager, IStringLocalizer<ContentStrings> localizer)
    {
        _db = db;
        Type = type;
        _version = version;
        _manager = manager;
        S = localizer;
        var name = type.Name;
        var items = db.Set<ContentItem>().AsNoTracking().Where(i => i.ContentType == name);
        _query = version == ContentVersion.Published ? items.Where(i => i.Published) : items.Where(i => i.Latest);
    }

    public ContentTypeDefinition Type { get; }

    /// <summary>Filters by a field: the value is text in the field's form (number 12.5, date yyyy-MM-dd, boolean true/false, region code).</summary>
    public ContentQueryBuilder Where(string fieldName, ContentOperator op, string value)
    {
        var field = Type.FindField(fieldName) ?? throw Invalid(S["类型“{0}”没有字段“{1}”", Type.DisplayName, fieldName]);
        value = value.Trim();
        switch (field.Kind)
        {
            case ContentFieldKind.Text:
            {
                Expression<Func<ContentTextIndex, bool>> p = op switch
                {
                    ContentOperator.Equal => r => r.Value == value,
                    ContentOperator.NotEqual => r => r.Value != value,
                    ContentOperator.Contains => r => r.Value.Contains(value),
                    ContentOperator.StartsWith => r => r.Value.StartsWith(value),
                    _ => throw Unsupported(field, op),
                };
                return Exists(field, p);
            }
            case ContentFieldKind.Number:
            case ContentFieldKind.Boolean:
            {
                double d;
                if (field.Kind == ContentFieldKind.Boolean)
                    d = bool.TryParse(value, out var b) ? (b ? 1 : 0) : throw Invalid(S["“{0}”不是有效的是/否值", value]);
                else if (!double.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out d))
                    throw Invalid(S["“{0}”不是有效的数字", value]);
                Expression<Func<ContentNumberIndex, bool>> p = op switch
                {
                    ContentOperator.Equal => r => r.Value == d,
                    ContentOperator.NotEqual => r => r.Value != d,
                    ContentOperator.GreaterThan when field.Kind == ContentFieldKind.Number => r => r.Value > d,
                    ContentOperator.GreaterOrEqual when field.Kind == ContentFieldKind.Number => r => r.Value >= d,
                    ContentOperator.LessThan when field.Kind == ContentFieldKind.Number => r => r.Value < d,
                    ContentOperator.LessOrEqual when field.Kind == ContentFieldKind.Number => r => r.Value <= d,
                    _ => throw Unsupported(field, op),
                };
                return Exists(field, p);
            }
            case ContentFieldKind.Date:
            {
                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    throw Invalid(S["“{0}”不是有效的日期（yyyy-MM-dd）", value]);
                Expression<Func<ContentDateIndex, bool>> p = op switch
                {
                    ContentOperator.Equal => r => r.Value == date,
                    ContentOperator.NotEqual => r => r.Value != date,
                    ContentOperator.GreaterThan => r => r.Value > date,
                    ContentOperator.GreaterOrEqual => r => r.Value >= date,
                    ContentOperator.LessThan => r => r.Value < date,
                    ContentOperator.LessOrEqual => r => r.Value <= date,
                    _ => throw Unsupported(field, op),
                };
                return Exists(field, p);
            }
            case ContentFieldKind.RegionList:
            {
                if (value.Length != 6 || !value.All(char.IsAsciiDigit)) throw Invalid(S["“{0}”不是有效的地区代码", value]);
                var prefix = RegionScope.PrefixOf(RegionScope.LevelOf(value), value);
                Expression<Func<ContentRegionIndex, bool>> p = op switch
                {
                    ContentOperator.Equal => r => r.RegionCode == value,
                    ContentOperator.Within => r => r.RegionCode.StartsWith(prefix),
                    _ => throw Unsupported(field, op),
                };
                return Exists(field, p);
            }
            default:
                throw Unsupported(field, op);
        }
    }

    /// <summary>A filter written as "Field:op:value", e.g. "Amount:gt:100" (as in a URL's ?filter=).</summary>
    public ContentQueryBuilder Where(string filter)
    {
        var parts = filter.Split(':', 3);
        if (parts.Length != 3 || !OperatorNames.TryGetValue(parts[1], out var op))
            throw Invalid(S["筛选条件“{0}”无效，应写成 字段:运算符:值（运算符：{1}）", filter, string.Join(" ", OperatorNames.Keys)]);
        return Where(parts[0], op, parts[2]);
    }

    public ContentQueryBuilder TitleContains(string? keyword)
    {
        if (!string.IsNullOrWhiteSpace(keyword))
        {
            var k = keyword.Trim();
            _query = _query.Where(i => i.DisplayText.Contains(k));
        }
        return this;
    }

    public ContentQueryBuilder WithId(string contentItemId)
    {
        _query = _query.Where(i => i.ContentItemId == contentItemId);
        return this;
    }

    /// <summary>Only items published by administrators inside the scope (dashboard pages).</summary>
    public ContentQueryBuilder InScope(RegionScope scope)
    {
        _query = scope.Apply(_query);
        return this;
    }

    /// <summary>
    /// Only items meant for a viewer in the region (null = a viewer of no known region, e.g. anonymous):
    /// items without target regions, and items with a target region whose area overlaps the viewer's
    /// (the target contains the viewer's region, or lies inside it).
    /// </summary>
    public ContentQueryBuilder VisibleTo(string? viewerRegionCode)
    {
        var field = Type.AudienceField;
        if (field is null) return this;
        var targets = Rows<ContentRegionIndex>(field.Name);
        if (viewerRegionCode is not { Length: 6 } || !viewerRegionCode.All(char.IsAsciiDigit))
        {
            _query = _query.Where(i => !targets.Any(r => r.ContentItemId == i.ContentItemId));
            return this;
        }
        var level = RegionScope.LevelOf(viewerRegionCode);
        var viewerPrefix = RegionScope.PrefixOf(level, viewerRegionCode);
        if (viewerPrefix.Length == 0) return this;
        var containing = Enum.GetValues<AdminLevel>().Where(l => l <= level).Select(l => RegionScope.PrefixOf(l, viewerRegionCode)).ToList();
        _query = _query.Where(i => !targets.Any(r => r.ContentItemId == i.ContentItemId)
                                   || targets.Any(r => r.ContentItemId == i.ContentItemId
                                                       && (containing.Contains(r.Prefix) || r.RegionCode.StartsWith(viewerPrefix))));
        return this;
    }

    /// <summary>Sorts by a field or by a common column (DisplayText, PublishedAt, ModifiedAt, CreatedAt). Items without a value come last.</summary>
    public ContentQueryBuilder OrderBy(string name, bool descending = false)
    {
        switch (name)
        {
            case nameof(ContentItem.DisplayText): _order = q => Sort(q, i => i.DisplayText, descending); return this;
            case nameof(ContentItem.PublishedAt): _order = q => Sort(q, i => i.PublishedAt, descending); return this;
            case nameof(ContentItem.ModifiedAt): _order = q => Sort(q, i => i.ModifiedAt, descending); return this;
            case nameof(ContentItem.CreatedAt): _order = q => Sort(q, i => i.CreatedAt, descending); return this;
        }
        var field = Type.FindField(name) ?? throw Invalid(S["类型“{0}”没有字段“{1}”", Type.DisplayName, name]);
        switch (ContentFieldKinds.IndexTableOf(field.Kind))
        {
            case ContentIndexTable.Text:
            {
                var rows = Rows<ContentTextIndex>(field.Name);
                _order = q => SortWithNullsLast(q, rows, i => rows.Where(r => r.ContentItemId == i.ContentItemId).OrderBy(r => r.Value).Select(r => r.Value).FirstOrDefault(), descending);
                return this;
            }
            case ContentIndexTable.Number:
            {
                var rows = Rows<ContentNumberIndex>(field.Name);
                _order = q => SortWithNullsLast(q, rows, i => rows.Where(r => r.ContentItemId == i.ContentItemId).OrderBy(r => r.Value).Select(r => (double?)r.Value).FirstOrDefault(), descending);
                return this;
            }
            case ContentIndexTable.Date:
            {
                var rows = Rows<ContentDateIndex>(field.Name);
                _order = q => SortWithNullsLast(q, rows, i => rows.Where(r => r.ContentItemId == i.ContentItemId).OrderBy(r => r.Value).Select(r => (DateOnly?)r.Value).FirstOrDefault(), descending);
                return this;
            }
            case ContentIndexTable.Region:
            {
                var rows = Rows<ContentRegionIndex>(field.Name);
                _order = q => SortWithNullsLast(q, rows, i => rows.Where(r => r.ContentItemId == i.ContentItemId).OrderBy(r => r.RegionCode).Select(r => r.RegionCode).FirstOrDefault(), descending);
                return this;
            }
            default:
                throw Invalid(S["字段“{0}”不能用于排序", field.DisplayName]);
        }
    }

    /// <summary>The query as it stands (filters and order), for further composition.</summary>
    public IQueryable<ContentItem> AsQueryable()
    {
        IOrderedQueryable<ContentItem> ordered = _order is not null ? _order(_query)
            : _version == ContentVersion.Published ? _query.OrderByDescending(i => i.PublishedAt)
            : _query.OrderByDescending(i => i.ModifiedAt);
        return ordered.ThenByDescending(i => i.Id);
    }

    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await PublishDueAsync(ct);
        return await _query.CountAsync(ct);
    }

    public async Task<List<ContentItem>> ListAsync(int skip, int take, CancellationToken ct = default)
    {
        await PublishDueAsync(ct);
        return await AsQueryable().Skip(skip).Take(take).ToListAsync(ct);
    }

    public async Task<ContentItem?> FirstOrDefaultAsync(CancellationToken ct = default)
    {
        await PublishDueAsync(ct);
        return await AsQueryable().FirstOrDefaultAsync(ct);
    }

    private bool _publishedDue;

    private async Task PublishDueAsync(CancellationToken ct)
    {
        if (_version != ContentVersion.Published || _publishedDue) return;
        _publishedDue = true;
        await _manager.PublishDueAsync(ct);
    }

    /// <summary>Index rows of the field for the version this query reads.</summary>
    private IQueryable<T> Rows<T>(string field) where T : ContentIndexRow
    {
        var type = Type.Name;
        var rows = _db.Set<T>().Where(r => r.ContentType == type && r.FieldName == field);
        return _version == ContentVersion.Published ? rows.Where(r => r.Published) : rows.Where(r => r.Latest);
    }

    private ContentQueryBuilder Exists<T>(ContentFieldDefinition field, Expression<Func<T, bool>> predicate) where T : ContentIndexRow
    {
        var rows = Rows<T>(field.Name).Where(predicate);
        _query = _query.Where(i => rows.Any(r => r.ContentItemId == i.ContentItemId));
        return this;
    }

    private static IOrderedQueryable<ContentItem> Sort<TKey>(IQueryable<ContentItem> q, Expression<Func<ContentItem, TKey>> key, bool descending) =>
        descending ? q.OrderByDescending(key) : q.OrderBy(key);

    // Providers disagree on where NULLs sort; putting items without a value last makes both agree.
    private static IOrderedQueryable<ContentItem> SortWithNullsLast<T, TKey>(IQueryable<ContentItem> q, IQueryable<T> rows,
        Expression<Func<ContentItem, TKey>> key, bool descending) where T : ContentIndexRow
    {
        var withValueFirst = q.OrderBy(i => rows.Any(r => r.ContentItemId == i.ContentItemId) ? 0 : 1);
        return descending ? withValueFirst.ThenByDescending(key) : withValueFirst.ThenBy(key);
    }

    private ContentValidationException Unsupported(ContentFieldDefinition field, ContentOperator op) =>
        Invalid(S["字段“{0}”不支持运算符“{1}”", field.DisplayName, OperatorNames.First(p => p.Value == op).Key]);

    private static ContentValidationException Invalid(string message) => new([new ContentError("filter", message)]);
}
