using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Core.Content;

/// <summary>
/// One version of a content item (内容). All versions of an item share <see cref="ContentItemId"/>;
/// <see cref="Latest"/> marks the version being edited, <see cref="Published"/> the one the public sees
/// (the same row when there is no newer draft). Common columns are real columns; field values are JSON.
/// Times are UTC.
/// </summary>
public class ContentItem : IVersioned, IRegionBound
{
    /// <summary>Row id of this version.</summary>
    public long Id { get; set; }
    /// <summary>Stable id of the item across its versions; used in URLs.</summary>
    public string ContentItemId { get; set; } = "";
    public string ContentType { get; set; } = "";
    /// <summary>The title (标题).</summary>
    public string DisplayText { get; set; } = "";
    /// <summary>Stable identifier given by a recipe, so re-applying it finds the item again.</summary>
    public string? Alias { get; set; }
    /// <summary>User id of the author; null for items from recipes.</summary>
    public string? Owner { get; set; }
    /// <summary>Region of the publishing administrator: decides which administrators may edit the item.</summary>
    public string RegionCode { get; set; } = RegionScope.NationCode;
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }
    /// <summary>When the item was first published (kept by later versions).</summary>
    public DateTime? PublishedAt { get; set; }
    /// <summary>On a draft: publish it at this time (定时发布).</summary>
    public DateTime? ScheduledAt { get; set; }
    public bool Latest { get; set; }
    public bool Published { get; set; }
    public int Version { get; set; }
    /// <summary>Field values as a JSON object keyed by field name.</summary>
    public string Data { get; set; } = "{}";

    public JsonObject ReadFields() => JsonNode.Parse(Data) as JsonObject ?? [];

    private const string IdAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A new random item id: 24 characters of lowercase base32 (120 bits).</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[24];
        for (int i = 0, bit = 0; i < chars.Length; i++, bit += 5)
        {
            var value = (bytes[bit / 8] << 8 | (bit / 8 + 1 < bytes.Length ? bytes[bit / 8 + 1] : 0)) >> (11 - bit % 8) & 31;
            chars[i] = IdAlphabet[value];
        }
        return new string(chars);
    }
}

internal sealed class ContentItemConfiguration : IEntityTypeConfiguration<ContentItem>
{
    public void Configure(EntityTypeBuilder<ContentItem> b)
    {
        b.ToTable("ContentItems");
        b.Property(i => i.ContentItemId).HasMaxLength(26).IsUnicode(false);
        b.Property(i => i.ContentType).HasMaxLength(64).IsUnicode(false);
        b.Property(i => i.DisplayText).HasMaxLength(ContentManager.TitleMaxLength);
        b.Property(i => i.Alias).HasMaxLength(100);
        b.Property(i => i.Owner).HasMaxLength(64);
        b.Property(i => i.RegionCode).HasMaxLength(6).IsUnicode(false);
        foreach (var p in new[] { nameof(ContentItem.CreatedAt), nameof(ContentItem.ModifiedAt) })
            b.Property<DateTime>(p).HasConversion(UtcConverters.Required);
        foreach (var p in new[] { nameof(ContentItem.PublishedAt), nameof(ContentItem.ScheduledAt) })
            b.Property<DateTime?>(p).HasConversion(UtcConverters.Optional);
        b.HasIndex(i => i.ContentItemId);
        b.HasIndex(i => new { i.ContentType, i.Published, i.PublishedAt });
        b.HasIndex(i => new { i.ContentType, i.Latest, i.RegionCode });
        b.HasIndex(i => i.Alias);
        b.HasIndex(i => i.ScheduledAt);
    }
}

/// <summary>Times are stored as UTC; SQLite forgets the kind, so it is put back on read.</summary>
internal static class UtcConverters
{
    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime> Required =
        new(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime?, DateTime?> Optional =
        new(v => v, v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}

/// <summary>The four field-index tables.</summary>
public enum ContentIndexTable { Text, Number, Date, Region }

/// <summary>
/// A row of a field-index table: one value of one field of one item. The flags say which version's
/// value it is: the latest, the published, or both when they agree. Rows are keyed by the item, not the
/// version row, so that saving a version rewrites only the fields whose values changed.
/// </summary>
public abstract class ContentIndexRow
{
    public long Id { get; set; }
    public string ContentItemId { get; set; } = "";
    public string ContentType { get; set; } = "";
    public string FieldName { get; set; } = "";
    public bool Latest { get; set; }
    public bool Published { get; set; }
    /// <summary>The value in its canonical text form, to compare with what a save wants.</summary>
    internal abstract string Key { get; }
    internal abstract void SetKey(string key);
}

public sealed class ContentTextIndex : ContentIndexRow
{
    public const int MaxLength = 256;
    public string Value { get; set; } = "";
    internal override string Key => Value;
    internal override void SetKey(string key) => Value = key;
}

public sealed class ContentNumberIndex : ContentIndexRow
{
    /// <summary>Numbers (and booleans as 0/1) as double: enough to filter and sort; the exact value stays in the JSON.</summary>
    public double Value { get; set; }
    internal override string Key => Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    internal override void SetKey(string key) => Value = double.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class ContentDateIndex : ContentIndexRow
{
    public DateOnly Value { get; set; }
    internal override string Key => Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    internal override void SetKey(string key) => Value = DateOnly.ParseExact(key, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A region reference. <see cref="Prefix"/> is the code prefix of the region's subtree (RegionScope), for audience checks.</summary>
public sealed class ContentRegionIndex : ContentIndexRow
{
    public string RegionCode { get; set; } = "";
    public string Prefix { get; set; } = "";
    internal override string Key => RegionCode;
    internal override void SetKey(string key)
    {
        RegionCode = key;
        Prefix = RegionScope.PrefixOf(RegionScope.LevelOf(key), key);
    }
}

internal sealed class ContentIndexConfiguration :
    IEntityTypeConfiguration<ContentTextIndex>, IEntityTypeConfiguration<ContentNumberIndex>,
    IEntityTypeConfiguration<ContentDateIndex>, IEntityTypeConfiguration<ContentRegionIndex>
{
    public void Configure(EntityTypeBuilder<ContentTextIndex> b)
    {
        Common(b, "ContentTextIndex");
        b.Property(r => r.Value).HasMaxLength(ContentTextIndex.MaxLength);
        b.HasIndex(r => new { r.ContentType, r.FieldName, r.Value });
    }

    public void Configure(EntityTypeBuilder<ContentNumberIndex> b)
    {
        Common(b, "ContentNumberIndex");
        b.HasIndex(r => new { r.ContentType, r.FieldName, r.Value });
    }

    public void Configure(EntityTypeBuilder<ContentDateIndex> b)
    {
        Common(b, "ContentDateIndex");
        b.HasIndex(r => new { r.ContentType, r.FieldName, r.Value });
    }

    public void Configure(EntityTypeBuilder<ContentRegionIndex> b)
    {
        Common(b, "ContentRegionIndex");
        b.Property(r => r.RegionCode).HasMaxLength(6).IsUnicode(false);
        b.Property(r => r.Prefix).HasMaxLength(6).IsUnicode(false);
        b.HasIndex(r => new { r.ContentType, r.FieldName, r.RegionCode });
    }

    private static void Common<T>(EntityTypeBuilder<T> b, string table) where T : ContentIndexRow
    {
        b.ToTable(table);
        b.Ignore(r => r.Key);
        b.Property(r => r.ContentItemId).HasMaxLength(26).IsUnicode(false);
        b.Property(r => r.ContentType).HasMaxLength(64).IsUnicode(false);
        b.Property(r => r.FieldName).HasMaxLength(64).IsUnicode(false);
        b.HasIndex(r => new { r.ContentItemId, r.FieldName });
    }
}
