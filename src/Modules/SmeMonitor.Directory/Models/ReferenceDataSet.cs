using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmeMonitor.Directory.Models;

/// <summary>
/// One reference table loaded by recipe ("regions", "industries", "size-standard"): which edition of the
/// standard it holds and a revision that goes up whenever a recipe changes it. Web nodes compare the
/// revisions with their in-memory copies, so a recipe applied on one node reaches the others.
/// The size standard itself is small and read whole, so it lives here as JSON (<see cref="Content"/>).
/// </summary>
public class ReferenceDataSet
{
    public const string Regions = "regions";
    public const string Industries = "industries";
    public const string SizeStandard = "size-standard";

    public string Name { get; set; } = "";
    /// <summary>The source and edition, e.g. "GB/T 4754-2017".</summary>
    public string? Standard { get; set; }
    public int Revision { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    /// <summary>JSON content for data sets kept whole (the size standard); null for those kept in their own table.</summary>
    public string? Content { get; set; }
}

internal sealed class ReferenceDataSetConfiguration : IEntityTypeConfiguration<ReferenceDataSet>
{
    public void Configure(EntityTypeBuilder<ReferenceDataSet> b)
    {
        b.HasKey(d => d.Name);
        b.Property(d => d.Name).HasMaxLength(32).IsUnicode(false);
        b.Property(d => d.Standard).HasMaxLength(300);
    }
}
