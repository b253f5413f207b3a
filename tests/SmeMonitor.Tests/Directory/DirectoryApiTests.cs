using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Api;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Directory;

public class DirectoryApiTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task Provinces_then_cities_then_counties(string provider)
    {
        var client = apps.Get(provider).CreateClient();
        var provinces = await client.GetFromJsonAsync<RegionItem[]>("/api/v1/regions");
        Assert.Equal(31, provinces!.Length);
        Assert.Equal(new RegionItem("110000", "北京市", 1, null, true), provinces[0]);
        Assert.Equal("650000", provinces[^1].Code);

        var cities = await client.GetFromJsonAsync<RegionItem[]>("/api/v1/regions?parent=330000");
        Assert.Equal(11, cities!.Length);
        Assert.Equal(new RegionItem("330100", "杭州市", 2, "330000", true), cities[0]);

        var counties = await client.GetFromJsonAsync<RegionItem[]>("/api/v1/regions?parent=330100");
        Assert.Contains(new RegionItem("330102", "上城区", 3, "330100", false), counties!);
        Assert.NotNull(counties);
        Assert.Equal(counties.Select(c => c.Code).Order(StringComparer.Ordinal), counties.Select(c => c.Code));
    }

    [Theory, Providers]
    public async Task A_region_comes_with_its_path(string provider)
    {
        var client = apps.Get(provider).CreateClient();
        var county = await client.GetFromJsonAsync<RegionDetail>("/api/v1/regions/330102");
        Assert.Equal(["浙江省", "杭州市", "上城区"], county!.Path.Select(p => p.Name));
        Assert.False(county.HasChildren);

        // Prefectures without counties: the city itself is the choice.
        foreach (var code in new[] { "441900", "442000", "460400", "620200" })
        {
            var city = await client.GetFromJsonAsync<RegionDetail>($"/api/v1/regions/{code}");
            Assert.False(city!.HasChildren, code);
            Assert.Equal(2, city.Path.Count);
            Assert.Empty((await client.GetFromJsonAsync<RegionItem[]>($"/api/v1/regions?parent={code}"))!);
        }
    }

    [Theory, Providers]
    public async Task Industries_from_section_to_class(string provider)
    {
        var client = apps.Get(provider).CreateClient();
        var sections = await client.GetFromJsonAsync<IndustryItem[]>("/api/v1/industries");
        Assert.Equal("ABCDEFGHIJKLMNOPQRST", string.Concat(sections!.Select(s => s.Code)));
        var divisions = await client.GetFromJsonAsync<IndustryItem[]>("/api/v1/industries?parent=C");
        Assert.Equal(Enumerable.Range(13, 31).Select(n => n.ToString()), divisions!.Select(d => d.Code));
        var classes = await client.GetFromJsonAsync<IndustryItem[]>("/api/v1/industries?parent=361");
        Assert.Equal(["3611", "3612"], classes!.Select(c => c.Code));
        Assert.All(classes!, c => Assert.False(c.HasChildren));

        var detail = await client.GetFromJsonAsync<IndustryDetail>("/api/v1/industries/3611");
        Assert.Equal(["C", "36", "361", "3611"], detail!.Path.Select(p => p.Code));
        Assert.Equal("C", detail.Section);
        Assert.Empty((await client.GetFromJsonAsync<IndustryItem[]>("/api/v1/industries?parent=3611"))!);
    }

    [Theory, Providers]
    public async Task Bad_codes_get_400_or_404_with_a_localized_message(string provider)
    {
        var client = apps.Get(provider).CreateClient();
        foreach (var (url, status, zh, en) in new[]
        {
            ("/api/v1/regions?parent=33", HttpStatusCode.BadRequest, "地区代码应为6位数字。", "A region code is 6 digits."),
            ("/api/v1/regions/abcdef", HttpStatusCode.BadRequest, "地区代码应为6位数字。", "A region code is 6 digits."),
            ("/api/v1/regions/990000", HttpStatusCode.NotFound, "地区代码 990000 不存在。", "Region code 990000 does not exist."),
            ("/api/v1/regions?parent=990000", HttpStatusCode.NotFound, "地区代码 990000 不存在。", "Region code 990000 does not exist."),
            ("/api/v1/industries?parent=c", HttpStatusCode.BadRequest, "行业代码应为门类字母或2至4位数字。", "An industry code is a section letter or 2 to 4 digits."),
            ("/api/v1/industries/36111", HttpStatusCode.BadRequest, "行业代码应为门类字母或2至4位数字。", "An industry code is a section letter or 2 to 4 digits."),
            ("/api/v1/industries/9999", HttpStatusCode.NotFound, "行业代码 9999 不存在。", "Industry code 9999 does not exist."),
        })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(zh, (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
            response = await client.GetAsync(url + (url.Contains('?') ? "&" : "?") + "culture=en");
            Assert.Equal(en, (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
        }
    }

    [Theory, Providers]
    public async Task Size_classification_explains_itself(string provider)
    {
        var client = apps.Get(provider).CreateClient();
        // The official example: 工业, 500 persons (中型) and 100 万元 = 1000 千元 revenue (微型) → 微型.
        var response = await client.PostAsJsonAsync("/api/v1/size-classification", new { industryCode = "3611", revenue = 1000, employees = 500 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<SizeClassificationResponse>();
        Assert.Equal(("Classified", "工业", "Micro", "微型"), (body!.Outcome, body.Group, body.Size, body.SizeName));
        Assert.Equal([("employees", "Medium"), ("revenue", "Micro")], body.Indicators.Select(i => (i.Indicator, i.Band)));
        Assert.Equal(new SmeMonitor.Directory.Models.SizeBounds(40000, 2000, 300), body.Indicators[1].Bounds);
        Assert.Equal("万元", body.Indicators[1].BoundsUnit);
        Assert.Contains("营业收入 1,000 千元 = 100 万元：微型（< 300 万元）", body.Explanation);
        Assert.Contains("结果：微型", body.Explanation);

        response = await client.PostAsJsonAsync("/api/v1/size-classification?culture=en", new { industryCode = "3611", revenue = 1000, employees = 500 });
        body = await response.Content.ReadFromJsonAsync<SizeClassificationResponse>();
        Assert.Equal("Micro", body!.SizeName);
        Assert.Contains("Result: Micro.", body.Explanation);

        // No size without a required indicator; none for industries outside the standard.
        body = await (await client.PostAsJsonAsync("/api/v1/size-classification", new { industryCode = "3611", employees = 500 }))
            .Content.ReadFromJsonAsync<SizeClassificationResponse>();
        Assert.Equal(("MissingIndicators", null), (body!.Outcome, body.Size));
        Assert.Equal(["revenue"], body.Missing);
        Assert.Contains("缺少营业收入", body.Explanation);
        body = await (await client.PostAsJsonAsync("/api/v1/size-classification", new { industryCode = "6610", revenue = 1, employees = 1, assets = 1 }))
            .Content.ReadFromJsonAsync<SizeClassificationResponse>();
        Assert.Equal(("NotCovered", null), (body!.Outcome, body.Size));
        body = await (await client.PostAsJsonAsync("/api/v1/size-classification", new { industryCode = "59", revenue = 1, employees = 1 }))
            .Content.ReadFromJsonAsync<SizeClassificationResponse>();
        Assert.Equal("IndustryTooBroad", body!.Outcome);
    }

    [Theory, Providers]
    public async Task Bad_classification_input_gets_400_with_a_localized_message(string provider)
    {
        var client = apps.Get(provider).CreateClient();
        foreach (var (json, field, zh, en) in new[]
        {
            ("""{ "revenue": 1 }""", "industryCode", "请选择所属行业。", "Choose the industry."),
            ("""{ "industryCode": "9999", "revenue": 1 }""", "industryCode", "行业代码 9999 不存在。", "Industry code 9999 does not exist."),
            ("""{ "industryCode": "3611", "revenue": -1, "employees": 1 }""", "revenue", "营业收入不能为负数。", "Revenue cannot be negative."),
            ("""{ "industryCode": "3611", "revenue": 1, "employees": -1 }""", "employees", "从业人员不能为负数。", "Employees cannot be negative."),
            ("""{ "industryCode": "4710", "revenue": 1, "assets": -0.5 }""", "assets", "资产总额不能为负数。", "Total assets cannot be negative."),
            ("""{ "industryCode": "3611", "revenue": "many" }""", "", "请求内容应为 JSON：industryCode（文本）、revenue、assets（千元，数字）、employees（人，整数）。",
                "The request body must be JSON: industryCode (text), revenue and assets (thousand yuan, numbers), employees (persons, whole number)."),
            ("""{ "industryCode": "3611", "employees": 1.5 }""", "", "请求内容应为 JSON：industryCode（文本）、revenue、assets（千元，数字）、employees（人，整数）。",
                "The request body must be JSON: industryCode (text), revenue and assets (thousand yuan, numbers), employees (persons, whole number)."),
            ("not json", "", "请求内容应为 JSON：industryCode（文本）、revenue、assets（千元，数字）、employees（人，整数）。",
                "The request body must be JSON: industryCode (text), revenue and assets (thousand yuan, numbers), employees (persons, whole number)."),
        })
        {
            foreach (var (culture, message) in new[] { ("", zh), ("?culture=en", en) })
            {
                var response = await client.PostAsync("/api/v1/size-classification" + culture, new StringContent(json, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
                Assert.Equal(message, problem!.Title);
                Assert.Equal([message], problem.Errors[field]);
            }
        }
        var wrongType = await client.PostAsync("/api/v1/size-classification", new StringContent("industryCode=3611", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
    }

    [Theory, Providers]
    public async Task Credit_codes_are_checked(string provider)
    {
        var client = apps.Get(provider).CreateClient();
        var valid = await client.GetFromJsonAsync<CreditCodeResult>("/api/v1/credit-codes/914403001922038216");
        Assert.Equal((true, "None", "统一社会信用代码有效。"), (valid!.Valid, valid.Error, valid.Message));
        var wrong = await client.GetFromJsonAsync<CreditCodeResult>("/api/v1/credit-codes/914403001922038217?culture=en");
        Assert.Equal((false, "WrongCheckCharacter", "The check character of the unified social credit code is wrong."), (wrong!.Valid, wrong.Error, wrong.Message));
        var letter = await client.GetFromJsonAsync<CreditCodeResult>("/api/v1/credit-codes/91350100O000100Y43");
        Assert.Equal("InvalidCharacter", letter!.Error);
    }

    [Theory, Providers]
    public async Task Reference_data_is_public_and_documented(string provider)
    {
        var app = apps.Get(provider);
        // Anonymous and signed-in (an administrator of another province) read the same national tables: nothing here is region-bound.
        await app.CreateAdministratorAsync("api-henan", AdminLevel.Province, "410000");
        var admin = await app.ClientAsAsync("api-henan");
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/api/v1/regions?parent=330000")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/regions?parent=330000")).StatusCode);

        var doc = JsonNode.Parse(await app.CreateClient().GetStringAsync("/api/v1/openapi.json"))!;
        var paths = doc["paths"]!.AsObject();
        foreach (var path in new[] { "/api/v1/regions", "/api/v1/regions/{code}", "/api/v1/industries", "/api/v1/industries/{code}", "/api/v1/size-classification", "/api/v1/credit-codes/{code}" })
            Assert.True(paths.ContainsKey(path), path);
        Assert.Equal("Regions", (string)paths["/api/v1/regions"]!["get"]!["tags"]![0]!);
        Assert.NotNull(paths["/api/v1/regions"]!["get"]!["summary"]);
        Assert.NotNull(paths["/api/v1/size-classification"]!["post"]!["requestBody"]);
    }
}

public class DirectoryPageTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task The_page_needs_sign_in(string provider)
    {
        var client = apps.Get(provider).CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/admin/directory");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/signin", response.Headers.Location!.ToString());
    }

    [Theory, Providers]
    public async Task The_page_shows_pickers_calculator_and_table(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("page-nation", AdminLevel.Nation, "000000");
        var html = await (await app.ClientAsAsync("page-nation")).GetStringAsync("/admin/directory");
        Assert.Contains("省级 31 个，地级 342 个，县级 2850 个", html);
        Assert.Contains("门类 20 个，大类 97 个，中类 473 个，小类 1381 个", html);
        Assert.Contains("data-region-picker=\"\" data-name=\"region\"", html);
        Assert.Contains("data-industry-picker=\"\" data-name=\"industryCode\"", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "pickers.js"));
        Assert.DoesNotContain("data-root", html); // the nation has no subtree to keep to
        Assert.Contains("仓储业", html);
        Assert.Contains("地区、行业与企业规模", html); // menu item and title
        Assert.Contains("基础数据", html);
    }

    [Theory, Providers]
    public async Task An_administrator_gets_a_picker_kept_to_the_manageable_region(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateAdministratorAsync("page-hangzhou", AdminLevel.City, "330100");
        var client = await app.ClientAsAsync("page-hangzhou");
        var html = await client.GetStringAsync("/admin/directory");
        Assert.Contains("data-name=\"scopedRegion\" data-value=\"\" data-root=\"3301\"", html);
        var en = await client.GetStringAsync("/admin/directory?culture=en");
        Assert.Contains("Within my manageable region only", en);
        Assert.Contains("Choose a province", en);
    }
}
