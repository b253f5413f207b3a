using System.Text.Json.Nodes;
using SmeMonitor.Core.Content;

namespace SmeMonitor.Notices.Services;

/// <summary>The files an item's attachments fields refer to. A download is served only for a file its item lists.</summary>
public static class Attachments
{
    public static StoredFile? Find(ContentTypeDefinition type, ContentItem item, string fileId)
    {
        var fields = item.ReadFields();
        return type.Fields.Where(f => f.Kind == ContentFieldKind.Attachments)
            .SelectMany(f => FormFields.Files(fields[f.Name]))
            .FirstOrDefault(f => f.Id == fileId);
    }
}
