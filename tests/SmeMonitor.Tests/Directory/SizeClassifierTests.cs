using SmeMonitor.Core.Recipes;
using SmeMonitor.Directory.Models;
using SmeMonitor.Directory.Services;

namespace SmeMonitor.Tests.Directory;

/// <summary>The 2017 size standard as shipped in the national recipe, judged against the official table.</summary>
public class SizeClassifierTests
{
    private static SizeClassifier Classifier => NationalData.Classifier;

    /// <summary>Lower bounds of 大型 / 中型 / 小型.</summary>
    public sealed record B(int Large, int Medium, int Small);

    /// <summary>One group of the official table (国统字〔2017〕213号 附表): money in 万元, as printed.</summary>
    public sealed record Row(string Group, string[] Codes, B? X = null, B? Y = null, B? Z = null);

    // Transcribed from the official table (DOMAIN-DATA §1), apart from the recipe, so the recipe's numbers are checked too.
    // Codes: 小类 from every part of each group's scope.
    public static readonly Row[] Official =
    [
        new("农、林、牧、渔业", ["0111", "0511"], Y: new(20000, 500, 50)),
        new("工业", ["0610", "1311", "3611", "4411", "4610"], X: new(1000, 300, 20), Y: new(40000, 2000, 300)),
        new("建筑业", ["4710", "5011"], Y: new(80000, 6000, 300), Z: new(80000, 5000, 300)),
        new("批发业", ["5111"], X: new(200, 20, 5), Y: new(40000, 5000, 1000)),
        new("零售业", ["5211"], X: new(300, 50, 10), Y: new(20000, 500, 100)),
        new("交通运输业", ["5411", "5511", "5611", "5710", "5810", "5910"], X: new(1000, 300, 20), Y: new(30000, 3000, 200)),
        new("仓储业", ["5920", "5990"], X: new(200, 100, 20), Y: new(30000, 1000, 100)),
        new("邮政业", ["6010"], X: new(1000, 300, 20), Y: new(30000, 2000, 100)),
        new("住宿业", ["6110"], X: new(300, 100, 10), Y: new(10000, 2000, 100)),
        new("餐饮业", ["6210"], X: new(300, 100, 10), Y: new(10000, 2000, 100)),
        new("信息传输业", ["6311", "6410"], X: new(2000, 100, 10), Y: new(100000, 1000, 100)),
        new("软件和信息技术服务业", ["6511"], X: new(300, 100, 10), Y: new(10000, 1000, 50)),
        new("房地产开发经营", ["7010"], Y: new(200000, 1000, 100), Z: new(10000, 5000, 2000)),
        new("物业管理", ["7020"], X: new(1000, 300, 100), Y: new(5000, 1000, 500)),
        new("租赁和商务服务业", ["7111", "7211"], X: new(300, 100, 10), Z: new(120000, 8000, 100)),
        new("其他未列明行业", ["7310", "7610", "8010", "8511", "8610", "9011", "7030", "7090"], X: new(300, 100, 10)),
    ];

    private static Row RowOf(string group) => Official.Single(r => r.Group == group);

    [Fact]
    public void The_recipe_holds_the_official_table()
    {
        var standard = NationalData.Standard;
        Assert.Equal(SizeStandard.TenThousandYuan, standard.MoneyUnit);
        Assert.Equal(Official.Select(r => r.Group), standard.Groups.Select(g => g.Name));
        foreach (var row in Official)
        {
            var t = standard.Groups.Single(g => g.Name == row.Group).Thresholds;
            Assert.Equal(Bounds(row.X), t.Employees);
            Assert.Equal(Bounds(row.Y), t.Revenue);
            Assert.Equal(Bounds(row.Z), t.Assets);
        }

        static SizeBounds? Bounds(B? b) => b is null ? null : new SizeBounds(b.Large, b.Medium, b.Small);
    }

    public static IEnumerable<object[]> GroupCodes() =>
        Official.SelectMany(r => r.Codes.Select(c => new object[] { r.Group, c }));

    [Theory, MemberData(nameof(GroupCodes))]
    public void Each_industry_falls_in_its_group(string group, string code)
    {
        var result = Classifier.Classify(code, 1, 1, 1);
        Assert.Equal(SizeOutcome.Classified, result.Outcome);
        Assert.Equal(group, result.Group!.Name);
    }

    /// <summary>
    /// For every group, indicator and band: the value at the lower bound reaches the band, one unit below
    /// (1 person, 1 千元) drops to the next. The other indicators are far above 大型, so this one decides.
    /// </summary>
    public static IEnumerable<object[]> Boundaries()
    {
        foreach (var row in Official)
            foreach (var (indicator, b) in Listed(row))
            {
                // Persons as they are; money bounds are 万元, inputs 千元.
                var factor = indicator == SizeIndicator.Employees ? 1 : 10;
                foreach (var (bound, band) in new[] { (b.Large, EnterpriseSize.Large), (b.Medium, EnterpriseSize.Medium), (b.Small, EnterpriseSize.Small) })
                {
                    yield return [row.Group, indicator, (decimal)bound * factor, band];
                    yield return [row.Group, indicator, (decimal)bound * factor - 1, band + 1];
                }
            }
    }

    [Theory, MemberData(nameof(Boundaries))]
    public void Boundaries_of_every_group(string group, SizeIndicator indicator, decimal value, EnterpriseSize expected)
    {
        var row = RowOf(group);
        decimal? Input(SizeIndicator i, B? b) => b is null ? null : i == indicator ? value : b.Large * (i == SizeIndicator.Employees ? 2m : 20m);
        var result = Classifier.Classify(row.Codes[0],
            revenue: Input(SizeIndicator.Revenue, row.Y),
            employees: (int?)Input(SizeIndicator.Employees, row.X),
            assets: Input(SizeIndicator.Assets, row.Z));
        Assert.Equal(SizeOutcome.Classified, result.Outcome);
        Assert.Equal(expected, result.Size);
        Assert.Equal(expected, result.Bands.Single(x => x.Indicator == indicator).Band);
    }

    private static IEnumerable<(SizeIndicator, B)> Listed(Row row)
    {
        if (row.X is not null) yield return (SizeIndicator.Employees, row.X);
        if (row.Y is not null) yield return (SizeIndicator.Revenue, row.Y);
        if (row.Z is not null) yield return (SizeIndicator.Assets, row.Z);
    }

    [Theory]
    // 工业 X 1000/300/20, Y 40000/2000/300 万元. The official example: X=500 is 中型, Y=100 万元 is 微型 → 微型.
    [InlineData("3611", 500, 1000, null, EnterpriseSize.Micro)]
    [InlineData("3611", 1000, 20000, null, EnterpriseSize.Medium)] // X 大型, Y 中型 → 中型
    [InlineData("3611", 1000, 400000, null, EnterpriseSize.Large)]
    [InlineData("3611", 300, 3000, null, EnterpriseSize.Small)] // X 中型, Y exactly 300 万元 → 小型
    [InlineData("3611", 19, 400000, null, EnterpriseSize.Micro)] // micro needs only one indicator
    [InlineData("3611", 0, 0, null, EnterpriseSize.Micro)]
    // 建筑业 Y and Z: Y 大型 but Z below 300 万元 → 微型.
    [InlineData("4710", null, 800000, 2999, EnterpriseSize.Micro)]
    [InlineData("4710", null, 800000, 800000, EnterpriseSize.Large)]
    // 房地产开发经营: Z's bands (10000/5000/2000 万元) are narrower than Y's.
    [InlineData("7010", null, 2000000, 100000, EnterpriseSize.Large)]
    [InlineData("7010", null, 2000000, 99999, EnterpriseSize.Medium)]
    [InlineData("7010", null, 2000000, 19999, EnterpriseSize.Micro)]
    // Indicators a group does not list are ignored.
    [InlineData("0111", null, 500, null, EnterpriseSize.Small)]
    [InlineData("7310", 10, null, null, EnterpriseSize.Small)]
    public void The_smallest_band_among_the_indicators_wins(string code, int? employees, int? revenue, int? assets, EnterpriseSize expected)
    {
        var result = Classifier.Classify(code, revenue, employees, assets);
        Assert.Equal(SizeOutcome.Classified, result.Outcome);
        Assert.Equal(expected, result.Size);
    }

    [Theory]
    [InlineData("3611", 500, null, null, new[] { SizeIndicator.Revenue })]
    [InlineData("3611", null, null, null, new[] { SizeIndicator.Employees, SizeIndicator.Revenue })]
    [InlineData("4710", null, 1000, null, new[] { SizeIndicator.Assets })]
    [InlineData("7310", null, 1000, 1000, new[] { SizeIndicator.Employees })]
    [InlineData("0111", 5, null, 10, new[] { SizeIndicator.Revenue })]
    public void A_missing_indicator_gives_no_size(string code, int? employees, int? revenue, int? assets, SizeIndicator[] missing)
    {
        var result = Classifier.Classify(code, revenue, employees, assets);
        Assert.Equal(SizeOutcome.MissingIndicators, result.Outcome);
        Assert.Null(result.Size);
        Assert.Equal(missing, result.Missing);
    }

    [Theory]
    [InlineData("5311")] // 53 铁路运输
    [InlineData("5320")]
    [InlineData("6610")] // J 金融业
    [InlineData("6940")]
    [InlineData("8310")] // P 教育
    [InlineData("8411")] // Q84 卫生
    [InlineData("7040")] // 704 房地产租赁经营
    [InlineData("9100")] // S
    [InlineData("9700")] // T
    [InlineData("J")]
    [InlineData("53")]
    [InlineData("704")]
    public void Industries_outside_the_standard_get_no_size(string code)
    {
        var result = Classifier.Classify(code, 1_000_000, 10_000, 1_000_000);
        Assert.Equal(SizeOutcome.NotCovered, result.Outcome);
        Assert.Null(result.Size);
        Assert.Null(result.Group);
    }

    [Theory]
    [InlineData("5910", "交通运输业")] // 591 装卸搬运 is transport, not storage
    [InlineData("591", "交通运输业")]
    [InlineData("5920", "仓储业")]
    [InlineData("5960", "仓储业")]
    [InlineData("5990", "仓储业")]
    [InlineData("7010", "房地产开发经营")]
    [InlineData("701", "房地产开发经营")]
    [InlineData("7020", "物业管理")]
    [InlineData("7030", "其他未列明行业")]
    [InlineData("7090", "其他未列明行业")]
    [InlineData("8511", "其他未列明行业")] // Q85 社会工作, while Q84 is outside
    [InlineData("C", "工业")]
    [InlineData("36", "工业")]
    [InlineData("B", "工业")]
    [InlineData("L", "租赁和商务服务业")]
    public void Groups_follow_the_scope_and_its_exceptions(string code, string group)
    {
        Assert.Equal(group, Classifier.Classify(code, 1, 1, 1).Group?.Name);
    }

    [Theory]
    [InlineData("59")] // 591 transport, 592–599 storage
    [InlineData("70")]
    [InlineData("K")]
    [InlineData("G")]
    [InlineData("Q")] // 84 outside, 85 其他
    public void A_code_above_different_rules_asks_for_a_finer_one(string code)
    {
        Assert.Equal(SizeOutcome.IndustryTooBroad, Classifier.Classify(code, 1, 1, 1).Outcome);
    }

    [Theory]
    [InlineData("9999")]
    [InlineData("C3611")]
    [InlineData("")]
    public void An_unknown_industry_is_reported(string code)
    {
        Assert.Equal(SizeOutcome.UnknownIndustry, Classifier.Classify(code, 1, 1, 1).Outcome);
    }

    [Fact]
    public void Negative_inputs_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Classifier.Classify("3611", -1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Classifier.Classify("3611", 1, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Classifier.Classify("3611", 1, 1, -1));
    }

    [Theory]
    [InlineData(100, 2999.99)]
    [InlineData(100, 3000)]
    [InlineData(300, 20000)]
    [InlineData(2000, 400000)]
    [InlineData(19, 1)]
    public void Thresholds_in_thousand_yuan_give_the_same_sizes(int employees, double revenue)
    {
        var inThousands = new SizeClassifier(SizeStandard.FromRecipe(NationalData.Step("""
            { "name": "size-standard", "standard": "t", "moneyUnit": "千元", "groups": [ { "name": "工业", "industries": ["B", "C", "D"],
              "thresholds": { "employees": { "large": 1000, "medium": 300, "small": 20 }, "revenue": { "large": 400000, "medium": 20000, "small": 3000 } } } ] }
            """)), NationalData.Industries);
        var a = inThousands.Classify("3611", (decimal)revenue, employees, null);
        var b = Classifier.Classify("3611", (decimal)revenue, employees, null);
        Assert.Equal(b.Size, a.Size);
    }

    [Theory]
    [InlineData("""{ "name": "size-standard", "standard": "t", "moneyUnit": "元", "groups": [] }""",
        "step #1 (size-standard) at $.steps[0].moneyUnit: must be \"万元\" or \"千元\", not \"元\"")]
    [InlineData("""{ "name": "size-standard", "standard": "t", "moneyUnit": "万元", "groups": [] }""",
        "step #1 (size-standard) at $.steps[0].groups: must list at least one group")]
    [InlineData("""{ "name": "size-standard", "moneyUnit": "万元", "groups": [] }""",
        "step #1 (size-standard) at $.steps[0].standard: is required")]
    [InlineData("""{ "name": "size-standard", "standard": "t", "moneyUnit": "万元", "groups": [ { "name": "A", "industries": ["A"], "thresholds": { "revenue": { "large": 500, "medium": 500, "small": 50 } } } ] }""",
        "step #1 (size-standard) at $.steps[0].groups[0].thresholds.revenue.large: must be greater than medium")]
    [InlineData("""{ "name": "size-standard", "standard": "t", "moneyUnit": "万元", "groups": [ { "name": "A", "industries": ["A"], "thresholds": { "revenue": { "large": 500, "medium": 50, "small": 0 } } } ] }""",
        "step #1 (size-standard) at $.steps[0].groups[0].thresholds.revenue.small: must be greater than 0")]
    [InlineData("""{ "name": "size-standard", "standard": "t", "moneyUnit": "万元", "groups": [ { "name": "A", "industries": ["A"], "thresholds": { "profit": { "large": 3, "medium": 2, "small": 1 } } } ] }""",
        "step #1 (size-standard) at $.steps[0].groups[0].thresholds.profit: unknown indicator; use employees, revenue or assets")]
    [InlineData("""{ "name": "size-standard", "standard": "t", "moneyUnit": "万元", "groups": [ { "name": "A", "industries": ["A"], "thresholds": {} } ] }""",
        "step #1 (size-standard) at $.steps[0].groups[0].thresholds: must give at least one of employees, revenue, assets")]
    [InlineData("""{ "name": "size-standard", "standard": "t", "moneyUnit": "万元", "groups": [ { "name": "A", "industries": ["A", "0a"], "thresholds": { "revenue": { "large": 3, "medium": 2, "small": 1 } } } ] }""",
        "step #1 (size-standard) at $.steps[0].groups[0].industries[1]: '0a' is not an industry code (a 门类 letter, or 2 to 4 digits)")]
    [InlineData("""{ "name": "size-standard", "standard": "t", "moneyUnit": "万元", "groups": [ { "name": "A", "industries": ["A"], "thresholds": { "revenue": { "large": 3, "medium": 2, "small": 1 } } }, { "name": "A", "industries": ["B"], "thresholds": { "revenue": { "large": 3, "medium": 2, "small": 1 } } } ] }""",
        "step #1 (size-standard) at $.steps[0].groups[1].name: group 'A' is listed twice")]
    [InlineData("""{ "name": "size-standard", "standard": "t", "moneyUnit": "万元", "groups": [ { "name": "A", "industries": ["A"], "thresholds": { "revenue": { "large": 3, "medium": "2", "small": 1 } } } ] }""",
        "step #1 (size-standard) at $.steps[0].groups[0].thresholds.revenue.medium: must be a number, not a string")]
    public void A_malformed_table_is_refused_with_its_path(string json, string message)
    {
        var e = Assert.Throws<RecipeException>(() => SizeStandard.FromRecipe(NationalData.Step(json)));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("""[ { "name": "仓储业", "industries": ["59"] }, { "name": "交通", "industries": ["591"] } ]""",
        "groups[1].industries", "industry 5910 is also covered by group '仓储业'; groups must not overlap")]
    [InlineData("""[ { "name": "X", "industries": ["A", "9999"] } ]""", "groups[0].industries[1]", "unknown industry code '9999'")]
    [InlineData("""[ { "name": "X", "industries": ["59"], "except": ["6010"] } ]""", "groups[0].except[0]", "'6010' is not inside any of the group's industries")]
    [InlineData("""[ { "name": "X", "industries": ["59"], "except": ["59"] } ]""", "groups[0].except[0]", "'59' is not inside any of the group's industries")]
    public void A_table_that_does_not_fit_the_industries_is_refused(string groups, string path, string reason)
    {
        var json = $$"""{ "name": "size-standard", "standard": "t", "moneyUnit": "万元", "groups": {{groups.Replace("\"] }", "\"], \"thresholds\": { \"employees\": { \"large\": 3, \"medium\": 2, \"small\": 1 } } }")}} }""";
        var standard = SizeStandard.FromRecipe(NationalData.Step(json));
        var e = Assert.Throws<InvalidSizeStandardException>(() => new SizeClassifier(standard, NationalData.Industries));
        Assert.Equal(path, e.Path);
        Assert.Equal(reason, e.Reason);
    }

    [Fact]
    public void The_stored_form_reads_back_the_same()
    {
        var again = SizeStandard.FromJson(NationalData.Standard.ToJson());
        Assert.Equal(NationalData.Standard.ToJson(), again.ToJson());
        Assert.Equal(["591"], again.Groups.Single(g => g.Name == "仓储业").Except!);
    }
}
