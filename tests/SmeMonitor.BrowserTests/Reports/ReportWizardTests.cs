using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmeMonitor.BrowserTests.Infrastructure;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmeMonitor.BrowserTests.Reports;

/// <summary>
/// 当期报送 (REP-6) on a phone, 390 px wide: an enterprise like ent_demo (an industrial enterprise of 上城区, approved) fills a
/// whole monthly report, sees the balance warning appear while typing (rules.js, the browser twin), explains it on 下一步,
/// adds a product, passes the questionnaire step, submits, and finds the period 审核中 in 历史报送.
/// </summary>
[Collection(PlatformCollection.Name)]
public class ReportWizardTests(PlatformFixture platform)
{
    private Task<string> EnterpriseLikeDemoAsync() =>
        platform.EnterpriseLikeDemoAsync("ent_rep", "报表浏览器测试有限公司" + Random.Shared.Next(10_000, 99_999));

    [Fact]
    public async Task On_a_phone_an_enterprise_fills_a_whole_report_explains_the_balance_warning_and_submits_it_to_review()
    {
        var userName = await EnterpriseLikeDemoAsync();
        await using var phone = await platform.NewPhoneContextAsync();
        await platform.SignInAsync(phone, userName);
        var page = await phone.NewPageAsync();
        var problems = new PageProblems(page);

        // The latest quarter-end month (资产总计 applies, so the assets balance check runs without earlier reports), from 历史报送.
        var period = ReportPeriod.Current(platform.App.Clock);
        while (period.Month is not (2 or 5 or 8 or 11 or 12)) period = period.Previous;
        await page.GotoAsync("/enterprise");
        await page.Locator("#portalNav").EvaluateAsync("n => n.classList.add('show')");
        await page.Locator("#portalNav a[href='/enterprise/reports']").TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/enterprise/reports$"));
        await page.Locator("#year").SelectOptionAsync(period.Year.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"year={period.Year}"));
        await page.Locator($"[data-period='{period}'] a[href='{ReportUrls.Fill(period)}']").TapAsync();

        // 1 企业基本信息: read-only, with the way to change it.
        await Expect(page.GetByTestId("enterprise-info")).ToContainTextAsync("报表浏览器测试有限公司");
        await Expect(page.GetByTestId("change-link")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步", Exact = true }).TapAsync();

        // 2 企业主要经济指标: every applicable indicator as a card with its four inputs.
        var inputs = page.Locator("section[data-step='2'] input[data-code]");
        await Expect(inputs.First).ToBeVisibleAsync();
        var count = await inputs.CountAsync();
        Assert.Equal(18 * 4, count);
        for (var i = 0; i < count; i++)
        {
            var input = inputs.Nth(i);
            var code = await input.GetAttributeAsync("data-code");
            await input.FillAsync(code == "assets" ? "50000" : "100");
        }
        await Expect(page.Locator("[data-growth='revenue']")).ToHaveTextAsync("0.00%");
        await Expect(page.GetByTestId("live-checks")).ToBeEmptyAsync();

        // Receivables above assets: the balance warning appears while typing, before anything is sent.
        var receivables = page.Locator("input[data-code='receivables'][data-col='c']");
        await receivables.FillAsync("");
        await receivables.PressSequentiallyAsync("60000");
        await Expect(page.GetByTestId("live-checks")).ToContainTextAsync("资产总计的本月累计应大于应收账款的本月累计。");
        await Expect(page.Locator("[data-live-for='assets']")).ToContainTextAsync("资产总计的本月累计应大于应收账款的本月累计。");
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "The wizard is wider than the phone.");
        await PlatformFixture.ScreenshotAsync(page, "report-wizard-indicators-phone");

        // 下一步: saved, and the warning must be explained.
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步", Exact = true }).TapAsync();
        var warnings = page.GetByTestId("warnings");
        await Expect(warnings).ToContainTextAsync("资产总计的本月累计应大于应收账款的本月累计。");
        await warnings.Locator("textarea[name='explain.assets-over-receivables']").FillAsync("应收账款含集团内部往来款");
        await page.GetByTestId("confirm").TapAsync();

        // 3 主要产品产销存: one product.
        await Expect(page.Locator("section[data-step='3']")).ToBeVisibleAsync();
        await page.GetByTestId("add-product").TapAsync();
        await page.Locator("#p-0-name").FillAsync("钢结构件");
        await page.Locator("#p-0-unit").FillAsync("吨");
        await page.Locator("#p-0-production").FillAsync("120");
        await page.Locator("#p-0-sales").FillAsync("100");
        await page.Locator("#p-0-stock").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "下一步", Exact = true }).TapAsync();

        // 4 调查问卷: none assigned; 上报.
        await Expect(page.GetByTestId("no-questionnaires")).ToBeVisibleAsync();
        await page.GetByTestId("submit").TapAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/enterprise/reports\\?year={period.Year}$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("报表已上报");
        await Expect(page.Locator($"[data-period='{period}'] [data-testid='row-status']")).ToContainTextAsync("审核中");
        await PlatformFixture.ScreenshotAsync(page, "report-history-phone");

        var report = await platform.App.WithDbAsync(db => db.Set<Report>().AsNoTracking().Include(r => r.Products).Include(r => r.Confirmations)
            .SingleAsync(r => r.Year == period.Year && r.Month == period.Month && r.FillerName == "李娜"));
        Assert.Equal(ReportStatus.InReview, report.Status);
        Assert.Equal("钢结构件", Assert.Single(report.Products).Name);
        Assert.Equal("应收账款含集团内部往来款", Assert.Single(report.Confirmations).Explanation);
        Assert.True(problems.All.Count == 0, string.Join("\n", problems.All));
    }

    [Fact]
    public async Task On_a_desktop_an_enterprise_reaches_the_wizard_from_the_menu_fills_a_month_that_is_not_a_quarter_end_and_submits_it()
    {
        var userName = await EnterpriseLikeDemoAsync();
        await using var desktop = await platform.NewDesktopContextAsync();
        await platform.SignInAsync(desktop, userName);
        var page = await desktop.NewPageAsync();
        var problems = new PageProblems(page);

        var period = ReportPeriod.Current(platform.App.Clock);
        while (period.Month is 2 or 5 or 8 or 11 or 12) period = period.Previous;
        await page.GotoAsync("/enterprise");
        await page.Locator("#portalNav a[href='/enterprise/reports']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/enterprise/reports$"));
        await WizardSteps.OpenHistoryAsync(page, period);
        await WizardSteps.Row(page, period).Locator($"a[href='{ReportUrls.Fill(period)}']").ClickAsync();

        // Not a quarter-end month: the five quarterly indicators (资产总计 …) are not asked.
        Assert.Equal(13 * 4, await WizardSteps.FillAndSubmitAsync(page));
        await Expect(WizardSteps.Row(page, period).GetByTestId("row-status")).ToContainTextAsync("审核中");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The history scrolls sideways.");
        await PlatformFixture.ScreenshotAsync(page, "report-history-desktop");
        Assert.True(problems.All.Count == 0, string.Join("\n", problems.All));
    }

    [Fact]
    public async Task The_wizard_and_the_history_have_their_english_texts()
    {
        var userName = await EnterpriseLikeDemoAsync();
        platform.MissingTranslations.Clear();
        await using var phone = await platform.NewPhoneContextAsync();
        await platform.SignInAsync(phone, userName);
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/culture/en?returnUrl=%2Fenterprise");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        var period = ReportPeriod.Current(platform.App.Clock).Previous;
        for (var step = 1; step <= 4; step++)
        {
            var answer = await page.GotoAsync(ReportUrls.Fill(period, step));
            Assert.Equal(200, answer!.Status);
        }
        await Expect(page.GetByTestId("no-questionnaires")).ToHaveTextAsync("There is no questionnaire to answer for this period.");
        // A refused save: the error texts too.
        await page.GotoAsync(ReportUrls.Fill(period, 2));
        await page.Locator("input[data-code='revenue'][data-col='m']").FillAsync("1,000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).TapAsync();
        await Expect(page.GetByTestId("errors")).ToContainTextAsync("Not saved");
        await page.GotoAsync($"{ReportUrls.History}?all=true");
        await Expect(page.GetByTestId("history")).ToContainTextAsync("Not filled");
        await PlatformFixture.ScreenshotAsync(page, "report-history-en-phone");

        Assert.DoesNotContain(platform.MissingTranslations.All, m => m.StartsWith("SmeMonitor.Reports.", StringComparison.Ordinal));
    }
}
