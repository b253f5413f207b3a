using System.Diagnostics;
using System.Text.Json.Nodes;
using SmeMonitor.Core.Scripting;

namespace SmeMonitor.Tests.Scripting;

/// <summary>
/// The shared vectors (tests/vectors/rules.json) through the server (Jint) and through the browser
/// evaluator under node; the browser suite runs the same file in Chromium via rules-vectors.html.
/// </summary>
public class RuleVectorTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "vectors");
    private static readonly JsonObject Suite = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "rules.json")))!.AsObject();
    private static readonly RuleService Service = Rules.Create();

    public static TheoryData<string> Names => [.. Vectors.Select(v => (string)v["name"]!)];

    private static IEnumerable<JsonObject> Vectors => Suite["vectors"]!.AsArray().Select(v => v!.AsObject());

    [Theory, MemberData(nameof(Names))]
    public void Server_gives_the_expected_result(string name)
    {
        var vector = Vectors.Single(v => (string)v["name"]! == name);
        var globals = (vector["globals"] ?? Suite["globals"])!.AsObject();
        var declared = vector["declared"]?.AsArray().Select(n => (string)n!) ?? globals.Select(g => g.Key);
        var inputs = globals.ToDictionary(g => g.Key, g => (object?)g.Value?.DeepClone());

        var result = Service.Evaluate((string)vector["expression"]!, new RuleGlobals(declared), inputs);

        if (vector["expectError"] is { } kind)
        {
            Assert.Equal((string)kind!, result.ErrorKind?.ToString().ToLowerInvariant());
            Assert.False(result.Passed);
            Assert.False(string.IsNullOrEmpty(result.Error));
            return;
        }
        Assert.True(result.ErrorKind is null, result.Error);
        if (vector["expectNumber"] is { } special)
        {
            var expected = (string)special! switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, _ => double.NegativeInfinity };
            Assert.Equal(expected, Assert.IsType<double>(result.Value));
            Assert.Equal(!double.IsNaN(expected), result.Passed);
            return;
        }
        var expect = vector["expect"];
        Assert.True(Same(expect, result.Value), $"expected {expect?.ToJsonString() ?? "null"}, got {Describe(result.Value)}");
        Assert.Equal(Truthy(expect), result.Passed);
    }

    [Fact]
    public async Task Browser_evaluator_under_node_agrees_with_every_vector()
    {
        var start = new ProcessStartInfo("node", ["run-vectors.js", "rules.js", "rules.json"])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, await errors);

        var summary = JsonNode.Parse(await output)!;
        Assert.Equal(Vectors.Count(), (int)summary["total"]!);
        Assert.True(summary["failures"]!.AsArray().Count == 0, summary["failures"]!.ToJsonString());
    }

    [Fact]
    public void The_browser_copy_under_test_is_the_library_the_server_runs()
    {
        Assert.Equal(RuleService.LibrarySource, File.ReadAllText(Path.Combine(Folder, "rules.js")));
    }

    [Fact]
    public void Vectors_cover_every_helper_and_every_outcome()
    {
        var expressions = string.Join("\n", Vectors.Select(v => (string)v["expression"]!));
        foreach (var helper in Service.HelperNames)
            Assert.Contains(helper + "(", expressions);
        Assert.Contains(Vectors, v => (string?)v["expectError"] == "validation");
        Assert.Contains(Vectors, v => (string?)v["expectError"] == "runtime");
        Assert.Contains(Vectors, v => v["expectNumber"] is not null);
    }

    private static bool Truthy(JsonNode? expected) => expected switch
    {
        null => false,
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.False => false,
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.Number => value.GetValue<double>() != 0,
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => value.GetValue<string>() != "",
        _ => true,
    };

    private static bool Same(JsonNode? expected, object? actual) => expected switch
    {
        null => actual is null,
        JsonArray array => actual is object?[] items && items.Length == array.Count && array.Select((e, i) => Same(e, items[i])).All(x => x),
        JsonObject obj => actual is Dictionary<string, object?> dict && dict.Count == obj.Count
                          && obj.All(p => dict.TryGetValue(p.Key, out var v) && Same(p.Value, v)),
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.Number => actual is double d && d == value.GetValue<double>(),
            System.Text.Json.JsonValueKind.String => actual is string s && s == value.GetValue<string>(),
            System.Text.Json.JsonValueKind.True => actual is true,
            System.Text.Json.JsonValueKind.False => actual is false,
            _ => false,
        },
        _ => false,
    };

    private static string Describe(object? value) => value switch
    {
        null => "null",
        object?[] items => "[" + string.Join(", ", items.Select(Describe)) + "]",
        string s => $"\"{s}\"",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };
}
