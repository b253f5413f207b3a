using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;

namespace SmeMonitor.Enterprises.Api;

/// <summary>
/// The enterprise information to save. Money in 千元, employees in persons, openedOn yyyy-MM-dd.
/// submit: false = 暂存 (draft), true = 提交审核. version: of the information read (0 for a first save).
/// For an approved enterprise the save is a change (ENT-6) and submit is ignored.
/// </summary>
public sealed record RegistrationRequest(
    bool Submit, int Version, string? Name, string? CreditCode, string? LegalRepresentative, string? IndustryCode, string? RegionCode,
    string? RegistrationType, string? HoldingType, decimal? Revenue, int? Employees, decimal? Assets, bool Listed, string? StockCode,
    string? Address, string? Postcode, string? OpenedOn, string? Website, string? ContactName, string? Phone, string? Fax,
    string? Mobile, string? Email, string? MainBusiness)
{
    internal EnterpriseForm ToForm() => new()
    {
        Name = Name, CreditCode = CreditCode, LegalRepresentative = LegalRepresentative, IndustryCode = IndustryCode, RegionCode = RegionCode,
        RegistrationType = RegistrationType, HoldingType = HoldingType, Revenue = Revenue?.ToString(CultureInfo.InvariantCulture),
        Employees = Employees?.ToString(CultureInfo.InvariantCulture), Assets = Assets?.ToString(CultureInfo.InvariantCulture), Listed = Listed,
        StockCode = StockCode, Address = Address, Postcode = Postcode, OpenedOn = OpenedOn, Website = Website, ContactName = ContactName,
        Phone = Phone, Fax = Fax, Mobile = Mobile, Email = Email, MainBusiness = MainBusiness, Version = Version,
    };
}

public sealed record FieldChangeDto(string Field, string? Before, string? After);

/// <param name="Status">PendingCheck (待自动审核) or PendingReview (待管理员审核).</param>
public sealed record PendingChangeDto(long Id, string Status, DateTimeOffset ChangedAt, string? Reason, IReadOnlyList<FieldChangeDto> Fields);

/// <param name="Status">draft, pending, returned or approved.</param>
/// <param name="Size">Large, Medium, Small, Micro, or null when it cannot be worked out yet.</param>
/// <param name="ReportFrozen">冻结: a key-field change is waiting, so the current report is frozen.</param>
public sealed record RegistrationDto(
    long Id, string Status, string? ReturnReason, string? Size, string? SizeName, bool ReportFrozen, int Version,
    DateTimeOffset? SubmittedAt, DateTimeOffset? ApprovedAt,
    string Name, string? CreditCode, string? LegalRepresentative, string? IndustryCode, string RegionCode, string? RegistrationType,
    string? HoldingType, decimal? Revenue, int? Employees, decimal? Assets, bool Listed, string? StockCode, string? Address,
    string? Postcode, string? OpenedOn, string? Website, string? ContactName, string? Phone, string? Fax, string? Mobile, string? Email,
    string? MainBusiness, PendingChangeDto? PendingChange);

/// <summary>
/// /api/v1/enterprises/registration: the caller's own enterprise (cookie or personal access token) — read it,
/// save a draft, submit it for review, or change it once approved. The same checks as the page; field errors
/// come back as a validation problem keyed by the camelCase field name ("" for the whole request).
/// </summary>
public static class RegistrationApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/enterprises/registration").WithTags("Enterprise registration").RequireAuthorization();
        api.MapGet("", GetAsync).WithName("GetOwnRegistration")
            .WithSummary("The caller's own enterprise registration")
            .WithDescription("404 when the account has not registered an enterprise yet; 403 for administrator accounts.");
        api.MapPost("", SaveAsync).WithName("SaveOwnRegistration")
            .WithSummary("Save (暂存), submit (提交审核) or change the caller's enterprise information")
            .WithDescription("Draft: checks what is filled (the name is always required). Submit: every ENT-2 rule, then pending review by the direct reviewer. " +
                             "Approved: records a change; a new name, credit code or industry waits for the automatic check and freezes the report. " +
                             "400 with field errors; 409 when version is not the stored one.")
            .Accepts<RegistrationRequest>("application/json");
    }

    private static async Task<Results<Ok<RegistrationDto>, NotFound, ForbidHttpResult>> GetAsync(
        ClaimsPrincipal principal, RegistrationService registrations, EnterpriseChangeService changes, IStringLocalizer<Strings> T, CancellationToken ct)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier)!;
        if (await registrations.IsAdministratorAsync(userId, ct)) return TypedResults.Forbid();
        var enterprise = await registrations.FindOwnAsync(userId, ct);
        if (enterprise is null) return TypedResults.NotFound();
        return TypedResults.Ok(await DtoAsync(enterprise, changes, T, ct));
    }

    private static async Task<Results<Ok<RegistrationDto>, ValidationProblem, Conflict<ProblemDetails>, ForbidHttpResult>> SaveAsync(
        HttpRequest request, ClaimsPrincipal principal, RegistrationService registrations, EnterpriseChangeService changes,
        IStringLocalizer<Strings> T, CancellationToken ct)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier)!;
        if (await registrations.IsAdministratorAsync(userId, ct)) return TypedResults.Forbid();
        RegistrationRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<RegistrationRequest>(ct);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            body = null;
        }
        if (body is null)
            return Invalid(new Dictionary<string, string> { [""] = T["请求内容应为 JSON 对象：金额（千元）和人数为数字，其余为文本。"] });

        var existing = await registrations.FindOwnAsync(userId, ct);
        IReadOnlyDictionary<string, string> errors;
        bool conflict;
        if (existing is { Status: RegistrationStatus.Approved })
        {
            var r = await changes.SaveAsync(userId, body.ToForm(), ct);
            (errors, conflict) = (r.Errors, r.Conflict);
        }
        else
        {
            var r = body.Submit ? await registrations.SubmitAsync(userId, body.ToForm(), ct) : await registrations.SaveDraftAsync(userId, body.ToForm(), ct);
            (errors, conflict) = (r.Errors, r.Conflict);
        }
        if (conflict) return TypedResults.Conflict(new ProblemDetails { Status = 409, Title = errors[""] });
        if (errors.Count > 0) return Invalid(errors);
        var saved = (await registrations.FindOwnAsync(userId, ct))!;
        return TypedResults.Ok(await DtoAsync(saved, changes, T, ct));
    }

    private static ValidationProblem Invalid(IReadOnlyDictionary<string, string> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { e.Value }),
            title: errors.Values.First());

    private static async Task<RegistrationDto> DtoAsync(Enterprise e, EnterpriseChangeService changes, IStringLocalizer<Strings> T, CancellationToken ct)
    {
        var pending = await changes.FindPendingKeyChangeAsync(e.Id, ct);
        return new RegistrationDto(e.Id, StatusKey(e.Status), e.ReturnReason, e.Size?.ToString(),
            e.Size is { } s ? T[Controllers.RegistrationController.SizeText(s)].Value : null, e.ReportFrozen, e.Version, e.SubmittedAt, e.ApprovedAt,
            e.Name, e.CreditCode, e.LegalRepresentative, e.IndustryCode, e.RegionCode, e.RegistrationType, e.HoldingType, e.Revenue,
            e.Employees, e.Assets, e.Listed, e.StockCode, e.Address, e.Postcode, e.OpenedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.Website, e.ContactName, e.Phone, e.Fax, e.Mobile, e.Email, e.MainBusiness,
            pending is null ? null : new PendingChangeDto(pending.Id, pending.Status.ToString(), pending.ChangedAt, pending.Reason,
                pending.Fields.OrderBy(f => f.Id).Select(f => new FieldChangeDto(JsonNamingPolicy.CamelCase.ConvertName(f.Field), f.Before, f.After)).ToList()));
    }

    /// <summary>The stable lowercase name of a registration status, as in recipes: draft, pending, returned, approved.</summary>
    public static string StatusKey(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Draft => "draft",
        RegistrationStatus.PendingReview => "pending",
        RegistrationStatus.Returned => "returned",
        _ => "approved",
    };
}
