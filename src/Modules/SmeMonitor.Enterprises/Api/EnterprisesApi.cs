using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Enterprises.Api;

/// <summary>An enterprise in a list. Status: Draft, PendingReview, Returned, Approved; size: Large, Medium, Small, Micro or null.</summary>
public sealed record EnterpriseSummaryDto(long Id, string Name, string UserName, string RegionCode, string RegionName, string? CreditCode,
    string? Size, string Status, bool Disabled, long? ReviewerId, string? ReviewerName, int Version)
{
    public static EnterpriseSummaryDto From(EnterpriseRow r) => new(r.Id, r.Name, r.UserName, r.RegionCode, r.RegionName, r.CreditCode,
        r.Size?.ToString(), r.Status.ToString(), r.Disabled, r.ReviewerId, r.ReviewerName, r.Version);
}

public sealed record EnterpriseListDto(int Total, int Page, int PageSize, IReadOnlyList<EnterpriseSummaryDto> Items);

/// <summary>Every field of an enterprise (ENT-1). Money in 千元; Revenue, Employees and Assets are those of the end of last year.</summary>
public sealed record EnterpriseDto(
    long Id, string UserName, string Name, string? CreditCode, string? LegalRepresentative, string? IndustryCode, string? IndustryName,
    string RegionCode, string RegionName, string? RegistrationType, string? HoldingType, decimal? Revenue, int? Employees, decimal? Assets,
    string? Size, bool Listed, string? StockCode, string? Address, string? Postcode, DateOnly? OpenedOn, string? Website, string? ContactName,
    string? Phone, string? Fax, string? Mobile, string? Email, string? MainBusiness, string Status, string? ReturnReason, long? ReviewerId,
    string? ReviewerName, bool Disabled, bool ReportFrozen, DateTimeOffset? SubmittedAt, DateTimeOffset? ApprovedAt, int Version)
{
    public static EnterpriseDto From(EnterpriseDetail d)
    {
        var e = d.Enterprise;
        return new(e.Id, d.UserName, e.Name, e.CreditCode, e.LegalRepresentative, e.IndustryCode, d.IndustryName, e.RegionCode, d.RegionName,
            e.RegistrationType, e.HoldingType, e.Revenue, e.Employees, e.Assets, e.Size?.ToString(), e.Listed, e.StockCode, e.Address, e.Postcode,
            e.OpenedOn, e.Website, e.ContactName, e.Phone, e.Fax, e.Mobile, e.Email, e.MainBusiness, e.Status.ToString(), e.ReturnReason,
            e.ReviewerId, d.ReviewerName, e.Disabled, e.ReportFrozen, e.SubmittedAt, e.ApprovedAt, e.Version);
    }
}

/// <summary>/api/v1/enterprises: the enterprises an administrator manages (as 监测企业信息管理), and an enterprise's own profile.</summary>
public static class EnterprisesApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/enterprises").WithTags("Enterprises");

        api.MapGet("", ListAsync)
            .RequireAuthorization(PermissionClaims.PolicyPrefix + Permissions.Manage)
            .WithName("ListEnterprises")
            .WithSummary("Monitored enterprises (监测企业) the caller manages")
            .WithDescription("Enterprises in the caller's manageable region whose direct reviewer is the caller or an administrator below it " +
                             "(or none yet). Filters: region (a province, city or county code), q (part of the name or user ID), " +
                             "status (Draft, PendingReview, Returned, Approved), disabled; page, pageSize (≤ 200). Empty for a caller who is no enabled administrator.");

        api.MapGet("/{id:long}", GetAsync)
            .RequireAuthorization(PermissionClaims.PolicyPrefix + Permissions.Manage)
            .WithName("GetEnterprise")
            .WithSummary("One monitored enterprise")
            .WithDescription("404 when the enterprise does not exist or is not one the caller manages.");

        api.MapGet("/me", MeAsync)
            .RequireAuthorization()
            .WithName("GetOwnEnterprise")
            .WithSummary("The caller's own enterprise")
            .WithDescription("The enterprise registered by the signed-in account (cookie or personal access token); 404 before registration.");
    }

    private static async Task<Results<Ok<EnterpriseListDto>, ValidationProblem>> ListAsync(
        IScopeService scopes, EnterpriseDirectory directory, string? region, string? q, string? status, bool? disabled,
        int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        RegistrationStatus? statusFilter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<RegistrationStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["must be one of Draft, PendingReview, Returned, Approved"] });
            statusFilter = parsed;
        }
        var filter = new EnterpriseFilter(region, q, statusFilter, disabled, page, pageSize);
        var result = await directory.ListAsync(directory.Manageable(await scopes.GetScopeAsync(ct)), filter, ct);
        return TypedResults.Ok(new EnterpriseListDto(result.Total, result.Page, result.PageSize, result.Items.Select(EnterpriseSummaryDto.From).ToList()));
    }

    private static async Task<Results<Ok<EnterpriseDto>, NotFound>> GetAsync(long id, IScopeService scopes, EnterpriseDirectory directory, CancellationToken ct)
    {
        var found = await directory.FindAsync(directory.Manageable(await scopes.GetScopeAsync(ct)), id, ct);
        return found is null ? TypedResults.NotFound() : TypedResults.Ok(EnterpriseDto.From(found));
    }

    private static async Task<Results<Ok<EnterpriseDto>, NotFound>> MeAsync(ClaimsPrincipal user, EnterpriseDirectory directory, CancellationToken ct)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var found = userId is null ? null : await directory.FindByUserAsync(userId, ct);
        return found is null ? TypedResults.NotFound() : TypedResults.Ok(EnterpriseDto.From(found));
    }
}
