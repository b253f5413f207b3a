using System.Net;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Tests.Content;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>企业用户首页 (ENT-8): by registration state, the three periods, notices of the enterprise's region, service information.</summary>
public class HomeTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task An_approved_enterprise_sees_three_periods_notices_of_its_region_and_service_information(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateEnterpriseAsync("hm_zj", "330102", RegistrationStatus.Approved);
        await app.Services.PublishNoticeAsync("hm_浙江企业通知", "330000", "330000");
        await app.Services.PublishNoticeAsync("hm_河南企业通知", "410000", "410000");
        await app.Services.PublishNoticeAsync("hm_全国通知", "000000");

        var client = await app.ClientAsAsync("hm_zj");
        var html = await client.GetStringAsync("/enterprise");
        Assert.Contains("hm_zj有限公司", html);
        Assert.Contains("hm_浙江企业通知", html);
        Assert.Contains("hm_全国通知", html);
        Assert.DoesNotContain("hm_河南企业通知", html);

        // The three months before this one (China time), latest first, each 未填报 with its report type.
        var now = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        var first = new DateOnly(now.Year, now.Month, 1);
        var periods = Enumerable.Range(1, 3).Select(i => first.AddMonths(-i)).ToList();
        var positions = periods.Select(p => html.IndexOf($"data-period=\"{p:yyyy-MM}\"", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
        Assert.DoesNotContain($"data-period=\"{first:yyyy-MM}\"", html);
        Assert.Equal(3, html.Split("data-testid=\"period-status\">未填报<").Length - 1);
        // A farm (0111, not 工业) reports 8 indicators a month and 13 at quarter end (the report type's rules).
        var quarterly = periods.Count(p => p.Month is 2 or 5 or 8 or 11 or 12);
        Assert.Equal(quarterly, html.Split("季度指标(共13个指标)").Length - 1);
        Assert.Equal(3 - quarterly, html.Split("月度指标(共8个指标)").Length - 1);

        Assert.Contains("当期报送", html);
        Assert.Contains("href=\"/enterprise/reports/import\"", html); // 上报导入
        Assert.Contains("工作日 9:00-17:00", html); // Portal.ServiceHours
        Assert.Contains("856414756", html); // Enterprises.ContactGroups
        Assert.Contains("报送指南", html); // Enterprises.Downloads
        Assert.Contains("href=\"/enterprise\"", await client.GetStringAsync("/")); // the portal's entry point
    }

    [Theory, Providers]
    public async Task Before_approval_the_page_shows_the_registration_state(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateUserAsync("hm_none");
        var none = await (await app.ClientAsAsync("hm_none")).GetStringAsync("/enterprise");
        Assert.Contains("href=\"/enterprise/registration\"", none);
        Assert.DoesNotContain("data-testid=\"periods\"", none);

        var returned = await app.CreateEnterpriseAsync("hm_returned", "330102", RegistrationStatus.Returned);
        await app.WithDbAsync(async db =>
        {
            (await db.Set<Enterprise>().FindAsync(returned.Id))!.ReturnReason = "营业执照照片不清晰";
            return await db.SaveChangesAsync();
        });
        var html = await (await app.ClientAsAsync("hm_returned")).GetStringAsync("/enterprise");
        Assert.Contains("退回", html);
        Assert.Contains("营业执照照片不清晰", html);
        Assert.DoesNotContain("data-testid=\"periods\"", html);

        await app.CreateEnterpriseAsync("hm_pending", "330102");
        Assert.Contains("待审核", await (await app.ClientAsAsync("hm_pending")).GetStringAsync("/enterprise"));
        await app.CreateEnterpriseAsync("hm_disabled", "330102", RegistrationStatus.Approved, disabled: true);
        Assert.Contains("data-testid=\"disabled\"", await (await app.ClientAsAsync("hm_disabled")).GetStringAsync("/enterprise"));

        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await anonymous.GetAsync("/enterprise");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
