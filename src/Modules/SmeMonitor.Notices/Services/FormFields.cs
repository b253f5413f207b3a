using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SmeMonitor.Core.Content;

namespace SmeMonitor.Notices.Services;

/// <summary>
/// Field values between an HTML form and an item's JSON. Inputs are named "f.{Field}"; values go to the
/// content core as strings, which it parses and checks by the field's kind.
/// </summary>
public static class FormFields
{
    public const string Prefix = "f.";

    public static JsonObject Read(ContentTypeDefinition type, IFormCollection form)
    {
        var fields = new JsonObject();
        foreach (var field in type.Fields)
        {
            var value = form[Prefix + field.Name];
            if (field.Kind == ContentFieldKind.Boolean) fields[field.Name] = value.Contains("true");
            else if (value.Count > 0) fields[field.Name] = value.ToString();
        }
        return fields;
    }

    /// <summary>A value as an input shows it: text as is, region lists comma-separated, attachments as their JSON.</summary>
    public static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonArray a when a.All(x => x is JsonValue) => string.Join(", ", a.Select(x => x!.ToString())),
        JsonArray a => a.ToJsonString(ContentJson.Options),
        JsonValue v => v.ToString(),
        _ => value.ToJsonString(ContentJson.Options),
    };

    /// <summary>The region codes in a region-list value (stored array or a posted text).</summary>
    public static IReadOnlyList<string> Regions(JsonNode? value) => value switch
    {
        JsonArray a => a.Select(x => x?.ToString()).OfType<string>().ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => s.Split([',', '，', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries),
        _ => [],
    };

    /// <summary>The files in an attachments value (stored array or the posted JSON text).</summary>
    public static IReadOnlyList<StoredFile> Files(JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var s))
        {
            try { value = string.IsNullOrWhiteSpace(s) ? null : JsonNode.Parse(s); }
            catch (System.Text.Json.JsonException) { value = null; }
        }
        if (value is not JsonArray array) return [];
        return array.OfType<JsonObject>().Select(o => new StoredFile(
            o["id"]?.ToString() ?? "", o["name"]?.ToString() ?? "", o["size"] is JsonValue sz && sz.TryGetValue<long>(out var n) ? n : 0,
            o["contentType"]?.ToString() ?? "")).ToList();
    }
}
