using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Directory.Services;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Enterprises.Workflows;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Tests.Workflows;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>Forms, credit codes and shortcuts for the enterprise tests.</summary>
internal static class RegistrationTestKit
{
    /// <summary>A valid credit code for the region, distinct for each n.</summary>
    public static string Code(string region, int n)
    {
        var body = "91" + region + n.ToString("D9");
        return body + CreditCode.CheckCharacter(body);
    }

    /// <summary>A complete, valid form: a small industrial enterprise (3311 金属结构制造, 50 persons, 5,000 千元).</summary>
    public static EnterpriseForm CompleteForm(string name, string code, string region = "330102") => new()
    {
        Name = name, CreditCode = code, LegalRepresentative = "张三", IndustryCode = "3311", RegionCode = region,
        RegistrationType = "私营企业", HoldingType = "私人控股", Revenue = "5000", Employees = "50", Assets = "3000",
        Address = "杭州市上城区解放路1号", Postcode = "310000", OpenedOn = "2015-06-01", Website = "https://example.cn",
        ContactName = "李四", Phone = "0571-87654321", Mobile = "13912345678", Email = "contact@example.cn", MainBusiness = "钢结构",
    };

    public static async Task<T> WithAsync<TService, T>(this TestApp app, Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = app.Scope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static Task<Enterprise> EnterpriseOfAsync(this TestApp app, string userId) =>
        app.WithDbAsync(db => db.Set<Enterprise>().AsNoTracking().SingleAsync(e => e.UserId == userId));

    public static async Task SetAsync(this TestApp app, long enterpriseId, Action<Enterprise> change)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
        change(await db.Set<Enterprise>().SingleAsync(e => e.Id == enterpriseId));
        await db.SaveChangesAsync();
    }

    /// <summary>A new account with a submitted enterprise, approved through its review workflow.</summary>
    public static async Task<Enterprise> ApprovedEnterpriseAsync(this TestApp app, string userName, string name, string code, string region = "330102")
    {
        var user = await app.CreateUserAsync(userName);
        var saved = await app.WithAsync<RegistrationService, RegistrationResult>(s => s.SubmitAsync(user.Id, CompleteForm(name, code, region)));
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
        var approve = await app.RunAsync(r => r.ResumeAsync(EnterpriseWorkflows.SubjectOf(saved.Enterprise!.Id), RegistrationReview.ApproveAction));
        Assert.Equal(ResumeStatus.Resumed, approve.Status);
        var approved = await app.EnterpriseOfAsync(user.Id);
        Assert.Equal(RegistrationStatus.Approved, approved.Status);
        return approved;
    }
}
