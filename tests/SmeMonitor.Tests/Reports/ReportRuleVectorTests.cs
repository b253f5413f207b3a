using System.Diagnostics;
using System.Text.Json.Nodes;
using SmeMonitor.Core.Scripting;
using SmeMonitor.Reports.Services;

namespace SmeMonitor.Tests.Reports;

/// <summary>
/// tests/vectors/report-rules.json: every rule (and applicability expression) of the national report type, passing and
/// failing, through the server (Jint, with the globals ReportChecker declares) and through rules.js under node; the browser
/// suite runs the same file in Chromium.
/// </summary>
public class ReportRuleVectorTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "vectors");
    private static readonly JsonObject Suite = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "report-rules.json")))!.AsObject();
    private static IEnumerable<JsonObject> Vectors => Suite["vectors"]!.AsArray().Select(v => v!.AsObject());

    public static TheoryData<string> Names => [.. Vectors.Select(v => (string)v["name"]!)];

    [Theory, MemberData(nameof(Names))]
    public void Server_gives_the_expected_result(string name)
    {
        var vector = Vectors.Single(v => (string)v["name"]! == name);
        var globals = vector["globals"]!.AsObject();
        // The globals the checker declares for this rule (its needs), or those of applicability expressions.
        var rule = (string?)vector["rule"] is { } id ? ReportsKit.National.Rules.Single(r => r.Id == id) : null;
        var declared = rule is null ? ReportRules.ApplyGlobals : ReportRules.GlobalsFor(rule.Needs);
        Assert.Equal(declared.Names.Order(), globals.Select(g => g.Key).Order());
        var inputs = globals.ToDictionary(g => g.Key, g => (object?)g.Value?.DeepClone());

        var result = ReportsKit.Rules.Evaluate((string)vector["expression"]!, declared, inputs);

        Assert.True(result.ErrorKind is null, result.Error);
        Assert.Equal((bool)vector["expect"]!, result.Value);
    }

    [Fact]
    public async Task Browser_evaluator_under_node_agrees_with_every_vector()
    {
        var start = new ProcessStartInfo("node", ["run-vectors.js", "rules.js", "report-rules.json"])
        {
            WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true,
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
    public void Every_national_rule_has_a_passing_and_a_failing_vector_with_the_recipe_text()
    {
        Assert.NotEmpty(ReportsKit.National.Rules);
        foreach (var rule in ReportsKit.National.Rules)
        {
            var mine = Vectors.Where(v => (string?)v["rule"] == rule.Id).ToList();
            Assert.True(mine.Count > 0, $"no vector for rule {rule.Id}");
            Assert.All(mine, v => Assert.Equal(rule.Expression, (string)v["expression"]!));
            Assert.Contains(mine, v => (bool)v["expect"]!);
            Assert.Contains(mine, v => !(bool)v["expect"]!);
            if (rule.Applies is not null) Assert.Contains(Vectors, v => (string)v["expression"]! == rule.Applies);
        }
        foreach (var applies in ReportsKit.National.Indicators.Select(i => i.Applies).OfType<string>().Distinct())
        {
            Assert.Contains(Vectors, v => (string)v["expression"]! == applies && (bool)v["expect"]!);
            Assert.Contains(Vectors, v => (string)v["expression"]! == applies && !(bool)v["expect"]!);
        }
    }
}
