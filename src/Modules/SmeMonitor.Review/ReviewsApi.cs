using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmeMonitor.Core.Security;
using SmeMonitor.Review.Services;

namespace SmeMonitor.Review;

/// <summary>A report in a review queue. Level: county, city, province, nation (the level it waits for); null unless 审核中.</summary>
public sealed record ReviewDto(long ReportId, long EnterpriseId, string EnterpriseName, string? CreditCode, string RegionCode, int Year, int Month,
    string Status, string? Level, bool? ScreeningPassed, DateTimeOffset? SubmittedAt, bool Held)
{
    public static ReviewDto From(ReviewRow r) => new(r.ReportId, r.EnterpriseId, r.EnterpriseName, r.CreditCode, r.RegionCode, r.Year, r.Month,
        r.Status.ToString(), r.Level?.Key(), r.ScreeningPassed, r.SubmittedAt, r.Held);
}

public sealed record ReviewListDto(int Total, int Page, int PageSize, IReadOnlyList<ReviewDto> Items);
public sealed record ReturnRequest(string? Reason);

/// <summary>The request body's JSON contract, generated at build time (see ReportsApiJson in the Reports module).</summary>
[JsonSerializable(typeof(ReturnRequest))]
internal sealed partial class ReviewsApiJson : JsonSerializerContext;

public sealed record BulkDto(int Accepted, int Remaining, IReadOnlyList<BulkSkip> Skipped);

/// <summary>/api/v1/reviews: the caller's review queue and its actions, scoped exactly as /admin/reviews.</summary>
public static class ReviewsApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/reviews")
            .WithTags("Reviews")
            .RequireAuthorization(PermissionClaims.PolicyPrefix + Permissions.ReviewReports);

        api.MapGet("", ListAsync).WithName("ListReviews").WithSummary("Review queue (企业上报数据审核)")
            .WithDescription("view: waiting (default: the reports the caller holds), InReview, Approved, Returned or all (its region's reports and where each is in its chain). " +
                             "Filters: region (code prefix inside the caller's region), year, month, screening (passed|failed), q (enterprise name or credit code). Paging: page, pageSize (≤ 200).");
        api.MapPost("/{id:long}/accept", AcceptAsync).WithName("AcceptReview").WithSummary("接收: pass the report to the next level (审核通过 at the top)")
            .WithDescription("404 outside the caller's region; 409 when the caller does not hold it (another level, already moved on, withdrawn).");
        api.MapPost("/{id:long}/return", ReturnAsync).WithName("ReturnReview").WithSummary("退回: back to the enterprise with a reason (1–150 characters)");
        api.MapPost("/one-click-accept", OneClickAsync).WithName("OneClickAccept").WithSummary("一键接收 (needs the grant)");
        api.MapPost("/skip-level-accept", SkipLevelAsync).WithName("SkipLevelAccept").WithSummary("越级接收 (province administrators with the grant)");
    }

    private static async Task<Results<Ok<ReviewListDto>, ValidationProblem>> ListAsync(IScopeService scopes, ReviewService reviews,
        string? view, string? region, int? year, int? month, string? screening, string? q, int page = 1, int pageSize = 20, CancellationToken ct = default)
    {
        bool? passed = screening switch { null or "" => null, "passed" => true, "failed" => false, _ => (bool?)null };
        if (screening is { Length: > 0 } and not ("passed" or "failed"))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["screening"] = ["must be passed or failed"] });
        var actor = (await scopes.GetScopeAsync(ct)).Administrator;
        if (actor is null) return TypedResults.Ok(new ReviewListDto(0, Math.Max(1, page), Math.Clamp(pageSize, 1, 200), []));
        var result = await reviews.ListAsync(actor, new ReviewQuery(view, region, year, month, passed, q, page, pageSize), ct);
        return TypedResults.Ok(new ReviewListDto(result.Total, result.Page, result.PageSize, result.Items.Select(ReviewDto.From).ToList()));
    }

    private static Task<IResult> AcceptAsync(long id, HttpContext http, IScopeService scopes, ReviewService reviews, CancellationToken ct) =>
        ActAsync(http, scopes, (admin, user) => reviews.AcceptAsync(admin, user, id, ct), ct);

    private static Task<IResult> ReturnAsync(long id, ReturnRequest body, HttpContext http, IScopeService scopes, ReviewService reviews, CancellationToken ct) =>
        ActAsync(http, scopes, (admin, user) => reviews.ReturnAsync(admin, user, id, body.Reason, ct), ct);

    private static async Task<IResult> ActAsync(HttpContext http, IScopeService scopes, Func<Core.Security.Administrator, string, Task<ReviewResult>> act, CancellationToken ct)
    {
        var actor = (await scopes.GetScopeAsync(ct)).Administrator;
        if (actor is null) return TypedResults.NotFound();
        var result = await act(actor, http.User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        if (result.Succeeded) return TypedResults.NoContent();
        if (result.NotFound) return TypedResults.Problem(result.Error, statusCode: StatusCodes.Status404NotFound);
        return TypedResults.Problem(result.Error, statusCode: result.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity);
    }

    private static Task<IResult> OneClickAsync(HttpContext http, IScopeService scopes, ReviewService reviews, CancellationToken ct) =>
        BulkAsync(http, scopes, (admin, user) => reviews.OneClickAcceptAsync(admin, user, ct), ct);

    private static Task<IResult> SkipLevelAsync(HttpContext http, IScopeService scopes, ReviewService reviews, CancellationToken ct) =>
        BulkAsync(http, scopes, (admin, user) => reviews.SkipLevelAcceptAsync(admin, user, ct), ct);

    private static async Task<IResult> BulkAsync(HttpContext http, IScopeService scopes,
        Func<Core.Security.Administrator, string, Task<(BulkSummary? Summary, string? Error)>> act, CancellationToken ct)
    {
        var actor = (await scopes.GetScopeAsync(ct)).Administrator;
        if (actor is null) return TypedResults.Forbid();
        var (summary, error) = await act(actor, http.User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        return summary is null
            ? TypedResults.Problem(error, statusCode: StatusCodes.Status403Forbidden)
            : TypedResults.Ok(new BulkDto(summary.Accepted, summary.Remaining, summary.Skipped));
    }
}
