using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmeMonitor.Administrators.Models;
using SmeMonitor.Administrators.Services;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Administrators;

/// <summary>An administrator as the API shows it. Level: nation, province, city or county.</summary>
public sealed record AdministratorDto(
    long Id, string UserName, string DisplayName, string Level, string RegionCode, string RegionName,
    bool OneClickAccept, bool SkipLevelAccept, bool Enabled, int Version)
{
    public static AdministratorDto From(AdministratorRow a) =>
        new(a.Id, a.UserName, a.DisplayName, a.Level.Key(), a.RegionCode, a.RegionName, a.OneClickAccept, a.SkipLevelAccept, a.Enabled, a.Version);
}

public sealed record AdministratorListDto(int Total, int Page, int PageSize, IReadOnlyList<AdministratorDto> Items);

/// <summary>/api/v1/administrators: the caller's subordinate administrators, scoped exactly as the dashboard pages.</summary>
public static class AdministratorsApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/administrators")
            .WithTags("Administrators")
            .RequireAuthorization(PermissionClaims.PolicyPrefix + Permissions.ManageSubordinates);

        api.MapGet("", ListAsync)
            .WithName("ListAdministrators")
            .WithSummary("Subordinate administrators (下级管理员)")
            .WithDescription("The administrators below the caller's level inside its manageable region. " +
                             "Filters: q (login or display name contains), level (province, city, county), enabled. Empty for a caller who is no enabled administrator.");

        api.MapGet("/{id:long}", GetAsync)
            .WithName("GetAdministrator")
            .WithSummary("One subordinate administrator")
            .WithDescription("404 when the administrator does not exist or is outside the caller's reach (another region, or at or above the caller's level).");
    }

    private static async Task<Results<Ok<AdministratorListDto>, ValidationProblem>> ListAsync(
        IScopeService scopes, AdministratorService service, string? q, string? level, bool? enabled,
        int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        AdminLevel? levelFilter = null;
        if (level is not null)
        {
            if (!AdminLevels.TryParseKey(level, out var parsed))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["level"] = ["must be one of nation, province, city, county"] });
            levelFilter = parsed;
        }
        var filter = new AdministratorFilter(q, levelFilter, enabled, page, pageSize);
        var actor = (await scopes.GetScopeAsync(ct)).Administrator;
        if (actor is null) return TypedResults.Ok(new AdministratorListDto(0, Math.Max(1, page), Math.Clamp(pageSize, 1, 200), []));
        var result = await service.ListAsync(actor, filter, ct);
        return TypedResults.Ok(new AdministratorListDto(result.Total, result.Page, result.PageSize, result.Items.Select(AdministratorDto.From).ToList()));
    }

    private static async Task<Results<Ok<AdministratorDto>, NotFound>> GetAsync(
        long id, IScopeService scopes, AdministratorService service, CancellationToken ct)
    {
        var actor = (await scopes.GetScopeAsync(ct)).Administrator;
        var found = actor is null ? null : await service.FindAsync(actor, id, ct);
        return found is null ? TypedResults.NotFound() : TypedResults.Ok(AdministratorDto.From(found));
    }
}
