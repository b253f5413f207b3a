using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmeMonitor.BrowserTests.Infrastructure;
using SmeMonitor.BrowserTests.Reports;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using static Microsoft.Playwright.Assertions;

namespace SmeMonitor.BrowserTests.Reviews;

/// <summary>
/// 企业上报数据审核 (REV) through the pages, on the national chain 县 → 市 → 省 → 国家 of 上城区 (浙江): an enterprise submits its
/// report in the wizard; the county administrator (admin_sc) returns it with a reason; the enterprise reads the reason in
/// 历史报送, fixes a value and submits again; admin_sc, admin_hz, admin_zj and admin_nation each sign in, find it in
/// /admin/reviews and 接收 it; the enterprise sees 审核通过. Once on a desktop (1280×800) and once on a phone (390×844),
/// the administrators' pages too, which must not scroll sideways on the phone.
/// </summary>
[Collection(PlatformCollection.Name)]
public class ReviewChainTests(PlatformFixture platform)
{
    private const string Reason = "营业收入本年1-本月填报有误，请核实后重新上报";

    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task The_county_returns_a_report_the_enterprise_fixes_it_and_every_level_up_to_the_nation_accepts_it(string device)
    {
        var name = "审核流程浏览器测试有限公司" + Random.Shared.Next(10_000, 99_999);
        var userName = await platform.EnterpriseLikeDemoAsync("ent_rev", name);
        var period = WizardSteps.LatestQuarterEnd(platform.App.Clock);

        // The enterprise fills and submits the report.
        await using var enterprise = await NewContextAsync(device);
        await platform.SignInAsync(enterprise, userName);
        var page = await enterprise.NewPageAsync();
        var problems = new PageProblems(page);
        await WizardSteps.OpenHistoryAsync(page, period);
        await WizardSteps.Row(page, period).Locator($"a[href='{ReportUrls.Fill(period)}']").ClickAsync();
        await WizardSteps.FillAndSubmitAsync(page);
        await Expect(WizardSteps.Row(page, period).GetByTestId("row-status")).ToContainTextAsync("审核中");

        // The county administrator returns it with a reason.
        await ReviewAsync(device, "admin_sc", name, "县级管理员", async admin =>
        {
            await admin.Locator("#reason").FillAsync(Reason);
            await admin.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "退回", Exact = true }).ClickAsync();
            await Expect(admin.GetByTestId("message")).ToHaveTextAsync("已退回，并已短信通知企业。");
        });

        // The enterprise reads 退回 and the reason in 历史报送, fixes 营业收入 and submits again.
        await WizardSteps.OpenHistoryAsync(page, period);
        var row = WizardSteps.Row(page, period);
        await Expect(row.GetByTestId("row-status")).ToHaveTextAsync("退回");
        await row.Locator("[data-action='return-reason'] summary").ClickAsync();
        await Expect(row.Locator("[data-action='return-reason']")).ToContainTextAsync(Reason);
        await PlatformFixture.ScreenshotAsync(page, $"review-returned-history-{device}");
        // 编辑 for the current month, 补报 for an earlier one: both open the wizard.
        await row.Locator($"[data-testid='actions'] a[href='{ReportUrls.Fill(period)}']").ClickAsync();
        await Expect(page.GetByTestId("enterprise-info")).ToBeVisibleAsync();
        await WizardSteps.NextAsync(page);
        var revenue = page.Locator("input[data-code='revenue'][data-col='c']");
        await Expect(revenue).ToHaveValueAsync(new Regex("^100(\\.00?)?$"));
        await revenue.FillAsync("150");
        await WizardSteps.NextAsync(page);
        await Expect(page.Locator("section[data-step='3']")).ToBeVisibleAsync();
        await Expect(page.Locator("#p-0-name")).ToHaveValueAsync("钢结构件");
        await WizardSteps.NextAsync(page);
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("报表已上报");
        await Expect(WizardSteps.Row(page, period).GetByTestId("row-status")).ToContainTextAsync("审核中");

        // Every level accepts it in turn; each sees the earlier return in the record.
        foreach (var (admin, level) in new[] { ("admin_sc", "县级管理员"), ("admin_hz", "市级管理员"), ("admin_zj", "省级管理员"), ("admin_nation", "国家级管理员") })
        {
            await ReviewAsync(device, admin, name, level, async detail =>
            {
                await Expect(detail.GetByTestId("timeline")).ToContainTextAsync(Reason);
                await Expect(detail.Locator("tr[data-indicator='revenue']")).ToContainTextAsync("150");
                await detail.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "接收", Exact = true }).ClickAsync();
                await Expect(detail.GetByTestId("message")).ToHaveTextAsync("已接收，报表已上报给上一级管理员。");
            });
        }

        await WizardSteps.OpenHistoryAsync(page, period);
        await Expect(WizardSteps.Row(page, period).GetByTestId("row-status")).ToHaveTextAsync("审核通过");
        await PlatformFixture.ScreenshotAsync(page, $"review-approved-history-{device}");
        Assert.True(problems.All.Count == 0, string.Join("\n", problems.All));

        var report = await platform.App.WithDbAsync(async db =>
        {
            var enterpriseId = await db.Set<Enterprise>().Where(e => e.Name == name).Select(e => e.Id).SingleAsync();
            return await db.Set<Report>().AsNoTracking().Include(r => r.Values)
                .SingleAsync(r => r.EnterpriseId == enterpriseId && r.Year == period.Year && r.Month == period.Month);
        });
        Assert.Equal(ReportStatus.Approved, report.Status);
        Assert.Equal(150m, report.Values.Single(v => v.IndicatorCode == "revenue" && v.Column == ValueColumn.Cumulative).Value);
    }

    private Task<IBrowserContext> NewContextAsync(string device) =>
        device == "phone" ? platform.NewPhoneContextAsync() : platform.NewDesktopContextAsync();

    /// <summary>
    /// The administrator signs in with the SMS code, opens 企业上报数据审核 from the menu, searches the enterprise, sees the report
    /// waiting at their level, opens it and acts on it; on a phone neither page may scroll sideways.
    /// </summary>
    private async Task ReviewAsync(string device, string userName, string enterpriseName, string level, Func<IPage, Task> act)
    {
        await using var context = await NewContextAsync(device);
        var page = await context.NewPageAsync();
        var problems = new PageProblems(page);
        // Codes may be sent to one phone once a minute; move the platform's clock past that instead of waiting.
        platform.App.Clock.Advance(TimeSpan.FromSeconds(61));
        await platform.SignInWithSmsAsync(page, userName);
        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));

        if (device == "phone") await page.Locator("button.navbar-toggler").ClickAsync();
        await page.GetByTestId("admin-menu").GetByRole(AriaRole.Link, new() { Name = "企业上报数据审核" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/reviews$"));
        var search = page.Locator("form[role='search']");
        await search.Locator("input[name='q']").FillAsync(enterpriseName);
        await search.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        var row = page.GetByTestId("reviews").Locator("tr[data-report]", new() { HasText = enterpriseName });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("等待" + level);
        await AssertNoSidewaysScrollAsync(page, device, "queue");
        // The row's buttons are on the screen, not hidden off the side of the table.
        foreach (var button in new[] { row.GetByRole(AriaRole.Link, new() { Name = "查看本月" }), row.GetByRole(AriaRole.Button, new() { Name = "接收", Exact = true }) })
        {
            var box = await button.BoundingBoxAsync() ?? throw new InvalidOperationException("The button is not shown.");
            Assert.True(box.X >= 0 && box.X + box.Width <= await page.EvaluateAsync<int>("window.innerWidth"), $"A button of the queue's row is off the screen ({box.X}+{box.Width}px).");
        }
        await PlatformFixture.ScreenshotAsync(page, $"review-queue-{userName}-{device}");

        await row.GetByRole(AriaRole.Link, new() { Name = enterpriseName }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/reviews/\\d+$"));
        await Expect(page.Locator("main h1")).ToHaveTextAsync(enterpriseName);
        await Expect(page.GetByTestId("size")).ToHaveTextAsync(new Regex("^(大型|中型|小型|微型)$"));
        await AssertNoSidewaysScrollAsync(page, device, "report");
        await PlatformFixture.ScreenshotAsync(page, $"review-report-{userName}-{device}");
        await act(page);
        Assert.True(problems.All.Count == 0, string.Join("\n", problems.All));
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string device, string what)
    {
        if (device != "phone") return;
        var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= width, $"The review {what} page scrolls sideways at phone width ({scroll}px > {width}px).");
    }
}
