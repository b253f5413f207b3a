using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmeMonitor.Reports.Api;
using SmeMonitor.Review;
using SmeMonitor.Tests.Infrastructure;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SmeMonitor.Tests.Core;

/// <summary>
/// The minimal APIs' endpoints ask for the JSON contracts of their bodies (and of object) when they are built at start: those
/// come from contexts generated at build time, and read requests exactly as the reflection-based contracts did.
/// </summary>
public class MinimalApiJsonTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private JsonSerializerOptions Options => apps.Get("sqlite").Services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;

    [Theory]
    [InlineData(typeof(ReportSubmitRequest), "ReportsApiJson")]
    [InlineData(typeof(ReturnRequest), "ReviewsApiJson")]
    [InlineData(typeof(object), "HostApiJson")]
    public void The_contracts_the_endpoints_ask_for_at_start_are_generated(Type type, string context)
    {
        var resolver = Options.GetTypeInfo(type).OriginatingResolver;
        Assert.Equal(context, resolver?.GetType().Name);
    }

    [Fact]
    public void A_report_body_reads_as_with_reflection()
    {
        var reflection = new JsonSerializerOptions(Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        // Case-insensitive names, numbers as strings (web defaults), a value left out, and submit left out (default true).
        const string json = """
            { "FillerName": "张三", "values": { "A01": { "month": "12.5", "cumulative": 30, "lastYearMonth": null } },
              "products": [ { "name": "钢材", "production": 1.25 } ], "explanations": { "R1": "季节性" }, "version": 3 }
            """;
        var generated = JsonSerializer.Deserialize<ReportSubmitRequest>(json, Options)!;
        var expected = JsonSerializer.Deserialize<ReportSubmitRequest>(json, reflection)!;
        Assert.Equal(JsonSerializer.Serialize(expected, reflection), JsonSerializer.Serialize(generated, reflection));
        Assert.True(generated.Submit);
        Assert.Equal(12.5m, generated.Values!["A01"].Month);
        Assert.Equal("张三", generated.FillerName);
    }
}
