using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Workflows;
using SmeMonitor.Messaging.Models;
using SmeMonitor.Tests.Administrators;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>
/// Enterprises for the review, management and home tests: an account (test helper) and an Enterprise row inserted
/// directly; a pending one gets its review workflow, as 提交审核 and the recipe step give it.
/// </summary>
public static class EnterpriseTestData
{
    public static async Task<Enterprise> CreateEnterpriseAsync(this TestApp app, string userName, string regionCode,
        RegistrationStatus status = RegistrationStatus.PendingReview, long? reviewerId = null, bool disabled = false,
        string? accountPhone = null, string? mobile = "13911112222")
    {
        var user = await app.CreateUserAsync(userName, accountPhone);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
        var now = DateTimeOffset.UtcNow;
        var e = new Enterprise
        {
            UserId = user.Id, Name = userName + "有限公司", LegalRepresentative = "张三", IndustryCode = "0111", RegionCode = regionCode,
            RegistrationType = "有限责任公司", HoldingType = "私人控股", Revenue = 12_345.6m, Employees = 25, Assets = 8_000m,
            Size = EnterpriseSize.Small, Address = "测试路1号", Postcode = "310000", OpenedOn = new DateOnly(2020, 9, 1),
            Website = "https://example.test", ContactName = "李四", Phone = "0571-88886666", Mobile = mobile, Email = "a@example.test",
            MainBusiness = "稻谷种植", Status = status, ReviewerId = reviewerId, Disabled = disabled,
            CreatedAt = now, UpdatedAt = now, SubmittedAt = status == RegistrationStatus.Draft ? null : now,
            ApprovedAt = status == RegistrationStatus.Approved ? now : null,
        };
        db.Add(e);
        await db.SaveChangesAsync();
        if (status == RegistrationStatus.PendingReview)
            await scope.ServiceProvider.GetRequiredService<EnterpriseWorkflows>().StartReviewAsync(e);
        return await app.EnterpriseAsync(e.Id) ?? e;
    }

    /// <summary>The same scope the pages use for the administrator (by login name).</summary>
    public static async Task<RegionScope> ScopeOfAsync(this TestApp app, string userName) =>
        RegionScope.For(await app.AdministratorAsync(await app.AdministratorIdAsync(userName)));

    public static Task<Enterprise?> EnterpriseAsync(this TestApp app, long id) =>
        app.WithDbAsync(db => db.Set<Enterprise>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id));

    /// <summary>SMS in the outbox sent to a phone.</summary>
    public static Task<List<OutboxMessage>> SmsToAsync(this TestApp app, string phone) =>
        app.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Channel == MessageChannel.Sms && m.To == phone).ToListAsync());
}
