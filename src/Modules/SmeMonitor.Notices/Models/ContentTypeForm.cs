using SmeMonitor.Core.Content;

namespace SmeMonitor.Notices.Models;

/// <summary>The dashboard form of a content type: its fields as rows. Rows left blank are ignored.</summary>
public sealed class ContentTypeForm
{
    public string? Name { get; set; }
    public string? DisplayName { get; set; }
    public bool Listable { get; set; } = true;
    public int Revision { get; set; }
    public List<FieldForm> Fields { get; set; } = [];

    public static ContentTypeForm From(ContentTypeDefinition type) => new()
    {
        Name = type.Name,
        DisplayName = type.DisplayName,
        Listable = type.Listable,
        Revision = type.Revision,
        Fields = type.Parts.SelectMany(p => p.Fields.Select(f => new FieldForm
        {
            Part = p.Name, Name = f.Name, DisplayName = f.DisplayName, Kind = ContentFieldKinds.NameOf(f.Kind), Required = f.Required,
            MaxLength = f.MaxLength, Min = f.Min, Max = f.Max, ShowInList = f.ShowInList, Audience = f.Audience, Hint = f.Hint,
        })).ToList(),
    };

    /// <summary>
    /// The definition the form describes. Fields keep the part they came from (a type from a recipe may
    /// have several); new fields go to the type's first part, or to a part named after the type.
    /// </summary>
    public ContentTypeDefinition ToDefinition(ContentTypeDefinition? existing)
    {
        var name = (Name ?? "").Trim();
        var defaultPart = existing?.Parts.FirstOrDefault()?.Name ?? name + "Part";
        var rows = Fields.Where(f => !string.IsNullOrWhiteSpace(f.Name) || !string.IsNullOrWhiteSpace(f.DisplayName)).ToList();
        var partOrder = (existing?.Parts.Select(p => p.Name) ?? []).Append(defaultPart).Distinct().ToList();
        var parts = rows.GroupBy(f => string.IsNullOrWhiteSpace(f.Part) ? defaultPart : f.Part!)
            .OrderBy(g => partOrder.IndexOf(g.Key) is var i and >= 0 ? i : int.MaxValue)
            .Select(g => new ContentPartDefinition
            {
                Name = g.Key,
                DisplayName = existing?.Parts.FirstOrDefault(p => p.Name == g.Key)?.DisplayName,
                Fields = g.Select(f => f.ToDefinition()).ToList(),
            }).ToList();
        return new ContentTypeDefinition
        {
            Name = name,
            DisplayName = (DisplayName ?? "").Trim(),
            Listable = Listable,
            Parts = parts,
        };
    }
}

public sealed class FieldForm
{
    public string? Part { get; set; }
    public string? Name { get; set; }
    public string? DisplayName { get; set; }
    public string Kind { get; set; } = "text";
    public bool Required { get; set; }
    public int? MaxLength { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    public bool ShowInList { get; set; }
    public bool Audience { get; set; }
    public string? Hint { get; set; }

    public ContentFieldDefinition ToDefinition()
    {
        ContentFieldKinds.TryParse(Kind, out var kind);
        var textual = kind is ContentFieldKind.Text or ContentFieldKind.Markdown;
        return new ContentFieldDefinition
        {
            Name = (Name ?? "").Trim(),
            DisplayName = (DisplayName ?? "").Trim(),
            Kind = kind,
            Required = Required && kind != ContentFieldKind.Boolean,
            // Settings that do not apply to the kind are dropped rather than refused: the form shows them all.
            MaxLength = textual ? MaxLength : null,
            Min = kind == ContentFieldKind.Number ? Min : null,
            Max = kind == ContentFieldKind.Number ? Max : null,
            ShowInList = ShowInList && kind is not (ContentFieldKind.Markdown or ContentFieldKind.Attachments),
            Audience = Audience && kind == ContentFieldKind.RegionList,
            Hint = string.IsNullOrWhiteSpace(Hint) ? null : Hint.Trim(),
        };
    }
}
