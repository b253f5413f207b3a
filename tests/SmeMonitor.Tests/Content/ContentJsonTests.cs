using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SmeMonitor.Core.Content;

namespace SmeMonitor.Tests.Content;

public class ContentJsonTests
{
    // Every setting a field can have, non-default, and a second part with defaults only.
    private static readonly ContentTypeDefinition Type = new()
    {
        Name = "PolicyGuide",
        DisplayName = "政策解读 \"引号\" <b>",
        Listable = true,
        Revision = 7,
        Parts =
        [
            new ContentPartDefinition
            {
                Name = "PolicyPart",
                DisplayName = "正文",
                Fields =
                [
                    new() { Name = "Body", DisplayName = "正文", Kind = ContentFieldKind.Markdown, Required = true, MaxLength = 5000, Hint = "支持 Markdown" },
                    new() { Name = "Amount", DisplayName = "补贴金额", Kind = ContentFieldKind.Number, Min = -1.5m, Max = 1000000.25m, ShowInList = true },
                    new() { Name = "Regions", DisplayName = "目标地区", Kind = ContentFieldKind.RegionList, Audience = true },
                ],
            },
            new ContentPartDefinition { Name = "Extra", Fields = [new() { Name = "Title", DisplayName = "标题" }] },
        ],
    };

    private static readonly JsonSerializerOptions Reflection = new(ContentJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Fact]
    public void Definitions_are_serialized_by_code_generated_at_build_time()
    {
        Assert.Same(ContentJsonContext.Default, ContentJson.Options.GetTypeInfo(typeof(ContentTypeDefinition)).OriginatingResolver);
        Assert.Same(ContentJsonContext.Default, ContentJson.Options.GetTypeInfo(typeof(ContentDefinitionManager.DocumentJson)).OriginatingResolver);
    }

    [Fact]
    public void The_generated_code_writes_and_reads_definitions_exactly_as_reflection_does()
    {
        var generated = JsonSerializer.Serialize(Type, ContentJson.Options);
        Assert.Equal(JsonSerializer.Serialize(Type, Reflection), generated);
        // The shape recipes use: camelCase, kinds by name, defaults left out, Chinese text as is.
        Assert.Contains("\"kind\":\"region-list\"", generated);
        Assert.Contains("\"displayName\":\"政策解读 \\\"引号\\\" <b>\"", generated);
        Assert.DoesNotContain("\"required\":false", generated);
        Assert.Contains("\"kind\":\"text\"", generated); // the default kind is written all the same

        var document = new ContentDefinitionManager.DocumentJson([Type]);
        var json = JsonSerializer.Serialize(document, ContentJson.Options);
        Assert.Equal(JsonSerializer.Serialize(document, Reflection), json);
        var read = JsonSerializer.Deserialize<ContentDefinitionManager.DocumentJson>(json, ContentJson.Options)!;
        Assert.Equal(json, JsonSerializer.Serialize(read, Reflection));
        Assert.Equal(1000000.25m, read.Types[0].FindField("Amount")!.Max);
    }

    [Fact]
    public void An_unknown_field_kind_is_refused_by_the_generated_code_too()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ContentTypeDefinition>(
            """{ "name": "X", "displayName": "x", "parts": [ { "name": "P", "fields": [ { "name": "A", "displayName": "a", "kind": "colour" } ] } ] }""",
            ContentJson.Options));
        Assert.Contains("colour", e.Message);
    }
}
