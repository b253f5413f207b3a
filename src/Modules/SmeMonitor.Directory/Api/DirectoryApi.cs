using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using SmeMonitor.Directory.Models;
using SmeMonitor.Directory.Services;

namespace SmeMonitor.Directory.Api;

public sealed record RegionItem(string Code, string Name, int Level, string? ParentCode, bool HasChildren);

/// <summary>A region with its path from the province down to itself.</summary>
public sealed record RegionDetail(string Code, string Name, int Level, string? ParentCode, bool HasChildren, IReadOnlyList<RegionItem> Path);

public sealed record IndustryItem(string Code, string Name, int Level, string? ParentCode, string Section, bool HasChildren);

/// <summary>An industry with its path from the 门类 down to itself.</summary>
public sealed record IndustryDetail(string Code, string Name, int Level, string? ParentCode, string Section, bool HasChildren, IReadOnlyList<IndustryItem> Path);

/// <param name="IndustryCode">GB/T 4754-2017 code; a 小类 (4 digits) always decides, a broader code only when all its 小类 share one rule.</param>
/// <param name="Revenue">营业收入 of last year, 千元.</param>
/// <param name="Employees">从业人员 at the end of last year, persons.</param>
/// <param name="Assets">资产总计 at the end of last year, 千元.</param>
public sealed record SizeClassificationRequest(string? IndustryCode, decimal? Revenue, int? Employees, decimal? Assets);

/// <param name="Indicator">employees, revenue or assets.</param>
/// <param name="Value">As given (persons or 千元).</param>
/// <param name="Band">Large, Medium, Small or Micro: the band this indicator alone reaches.</param>
/// <param name="Bounds">Lower bounds of 大型, 中型, 小型 in <paramref name="BoundsUnit"/>.</param>
public sealed record IndicatorResult(string Indicator, string Name, decimal Value, string Unit, string Band, string BandName,
    SizeBounds Bounds, string BoundsUnit);

/// <param name="Outcome">Classified, IndustryTooBroad, NotCovered, MissingIndicators or NoStandard.</param>
/// <param name="Size">Large, Medium, Small, Micro, or null when there is no size.</param>
public sealed record SizeClassificationResponse(string Outcome, string IndustryCode, string? IndustryName, string? Group,
    string? Size, string? SizeName, IReadOnlyList<IndicatorResult> Indicators, IReadOnlyList<string> Missing, string Explanation);

public sealed record CreditCodeResult(string Code, bool Valid, string Error, string Message);

/// <summary>
/// /api/v1 reference data: region and industry trees for the pickers, size classification, credit-code check.
/// Public on purpose: these are national standards (GB/T 2260, GB/T 4754, the NBS size table, GB 32100) and carry
/// no one's data, and forms used before sign-in need them. Everything here only reads.
/// </summary>
internal static class DirectoryApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").AllowAnonymous();

        var regions = api.MapGroup("/regions").WithTags("Regions");
        regions.MapGet("", ListRegions).WithName("ListRegions")
            .WithSummary("Children of a region (provinces without parent)")
            .WithDescription("GB/T 2260 divisions in code order. parent = a 6-digit code; hasChildren is false for counties and for prefectures without counties (e.g. 441900 东莞市).");
        regions.MapGet("/{code}", GetRegion).WithName("GetRegion")
            .WithSummary("A region with its path from the province");

        var industries = api.MapGroup("/industries").WithTags("Industries");
        industries.MapGet("", ListIndustries).WithName("ListIndustries")
            .WithSummary("Children of an industry (门类 without parent)")
            .WithDescription("GB/T 4754-2017: 门类 (letter) → 大类 (2 digits) → 中类 (3) → 小类 (4), in code order.");
        industries.MapGet("/{code}", GetIndustry).WithName("GetIndustry")
            .WithSummary("An industry with its path from the 门类");

        api.MapPost("/size-classification", Classify).WithName("ClassifySize").WithTags("Size classification")
            .WithSummary("Enterprise size (大型/中型/小型/微型) by the 2017 statistical size standard")
            .WithDescription("Money in 千元, employees in persons. Large, medium and small must reach every listed lower bound of the industry's group, micro needs one; a missing required indicator gives no size.")
            .Accepts<SizeClassificationRequest>("application/json");

        api.MapGet("/credit-codes/{code}", CheckCreditCode).WithName("CheckCreditCode").WithTags("Credit codes")
            .WithSummary("Checks a 统一社会信用代码 (GB 32100-2015): alphabet, layout and check character");
    }

    private static async Task<Results<Ok<RegionItem[]>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>>> ListRegions(
        string? parent, RegionDirectory directory, IStringLocalizer<Strings> T, CancellationToken ct)
    {
        var tree = await directory.GetTreeAsync(ct);
        if (string.IsNullOrEmpty(parent)) return TypedResults.Ok(tree.Roots.Select(r => Item(tree, r)).ToArray());
        if (!IsRegionCode(parent)) return TypedResults.BadRequest(Problem(400, T["地区代码应为6位数字。"]));
        var region = tree.Find(parent);
        if (region is null) return TypedResults.NotFound(Problem(404, T["地区代码 {0} 不存在。", parent]));
        return TypedResults.Ok(tree.ChildrenOf(region).Select(r => Item(tree, r)).ToArray());
    }

    private static async Task<Results<Ok<RegionDetail>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>>> GetRegion(
        string code, RegionDirectory directory, IStringLocalizer<Strings> T, CancellationToken ct)
    {
        if (!IsRegionCode(code)) return TypedResults.BadRequest(Problem(400, T["地区代码应为6位数字。"]));
        var tree = await directory.GetTreeAsync(ct);
        var region = tree.Find(code);
        if (region is null) return TypedResults.NotFound(Problem(404, T["地区代码 {0} 不存在。", code]));
        return TypedResults.Ok(new RegionDetail(region.Code, region.Name, region.Level, region.ParentCode, tree.HasChildren(region),
            tree.PathTo(region).Select(r => Item(tree, r)).ToArray()));
    }

    private static async Task<Results<Ok<IndustryItem[]>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>>> ListIndustries(
        string? parent, IndustryDirectory directory, IStringLocalizer<Strings> T, CancellationToken ct)
    {
        var tree = await directory.GetTreeAsync(ct);
        if (string.IsNullOrEmpty(parent)) return TypedResults.Ok(tree.Roots.Select(i => Item(tree, i)).ToArray());
        if (!IsIndustryCode(parent)) return TypedResults.BadRequest(Problem(400, T["行业代码应为门类字母或2至4位数字。"]));
        var industry = tree.Find(parent);
        if (industry is null) return TypedResults.NotFound(Problem(404, T["行业代码 {0} 不存在。", parent]));
        return TypedResults.Ok(tree.ChildrenOf(industry).Select(i => Item(tree, i)).ToArray());
    }

    private static async Task<Results<Ok<IndustryDetail>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>>> GetIndustry(
        string code, IndustryDirectory directory, IStringLocalizer<Strings> T, CancellationToken ct)
    {
        if (!IsIndustryCode(code)) return TypedResults.BadRequest(Problem(400, T["行业代码应为门类字母或2至4位数字。"]));
        var tree = await directory.GetTreeAsync(ct);
        var industry = tree.Find(code);
        if (industry is null) return TypedResults.NotFound(Problem(404, T["行业代码 {0} 不存在。", code]));
        return TypedResults.Ok(new IndustryDetail(industry.Code, industry.Name, industry.Level, industry.ParentCode, industry.Section,
            tree.HasChildren(industry), tree.PathTo(industry).Select(i => Item(tree, i)).ToArray()));
    }

    private static async Task<Results<Ok<SizeClassificationResponse>, ValidationProblem>> Classify(
        HttpRequest request, EnterpriseSizeService sizes, IndustryDirectory industries, SizeExplainer explainer,
        IStringLocalizer<Strings> T, CancellationToken ct)
    {
        SizeClassificationRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<SizeClassificationRequest>(ct);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, wrong content type, or a field of the wrong type.
            return Invalid("", T["请求内容应为 JSON：industryCode（文本）、revenue、assets（千元，数字）、employees（人，整数）。"]);
        }
        var errors = new Dictionary<string, string[]>();
        var code = body?.IndustryCode?.Trim();
        if (string.IsNullOrEmpty(code)) errors["industryCode"] = [T["请选择所属行业。"]];
        else if (await industries.FindAsync(code, ct) is null) errors["industryCode"] = [T["行业代码 {0} 不存在。", code]];
        if (body?.Revenue < 0) errors["revenue"] = [T["营业收入不能为负数。"]];
        if (body?.Employees < 0) errors["employees"] = [T["从业人员不能为负数。"]];
        if (body?.Assets < 0) errors["assets"] = [T["资产总额不能为负数。"]];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: errors.Values.First()[0]);

        var result = await sizes.ClassifyAsync(code!, body!.Revenue, body.Employees, body.Assets, ct);
        var standard = await sizes.GetStandardAsync(ct);
        return TypedResults.Ok(new SizeClassificationResponse(
            result.Outcome.ToString(), code!, result.Industry?.Name, result.Group?.Name,
            result.Size?.ToString(), result.Size is { } s ? explainer.SizeName(s) : null,
            result.Bands.Select(b => new IndicatorResult(Camel(b.Indicator), explainer.IndicatorName(b.Indicator), b.Value,
                explainer.InputUnit(b.Indicator), b.Band.ToString(), explainer.SizeName(b.Band), b.Bounds,
                explainer.BoundsUnit(b.Indicator, standard!))).ToArray(),
            result.Missing.Select(Camel).ToArray(),
            explainer.Explain(result, standard)));
    }

    private static Ok<CreditCodeResult> CheckCreditCode(string code, IStringLocalizer<Strings> T)
    {
        code = code.Trim();
        var error = CreditCode.Validate(code);
        return TypedResults.Ok(new CreditCodeResult(code, error == CreditCodeError.None, error.ToString(), T.Describe(error)));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: message);

    private static ProblemDetails Problem(int status, string title) => new() { Status = status, Title = title };

    private static RegionItem Item(CodeTree<Region> tree, Region r) => new(r.Code, r.Name, r.Level, r.ParentCode, tree.HasChildren(r));

    private static IndustryItem Item(CodeTree<Industry> tree, Industry i) =>
        new(i.Code, i.Name, i.Level, i.ParentCode, i.Section, tree.HasChildren(i));

    private static bool IsRegionCode(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);

    private static bool IsIndustryCode(string code) =>
        code.Length == 1 ? char.IsAsciiLetterUpper(code[0]) : code.Length is >= 2 and <= 4 && code.All(char.IsAsciiDigit);

    private static string Camel(SizeIndicator indicator) => JsonNamingPolicy.CamelCase.ConvertName(indicator.ToString());
}
