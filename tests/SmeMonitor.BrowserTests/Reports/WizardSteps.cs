using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmeMonitor.Reports.Services;
using static Microsoft.Playwright.Assertions;

namespace SmeMonitor.BrowserTests.Reports;

/// <summary>What an enterprise does in 历史报送 and the 当期报送 wizard, step by step, as the browser tests repeat it.</summary>
internal static class WizardSteps
{
    /// <summary>The latest quarter-end month up to now: every national indicator applies (资产总计 too).</summary>
    public static ReportPeriod LatestQuarterEnd(TimeProvider clock)
    {
        var period = ReportPeriod.Current(clock);
        while (period.Month is not (2 or 5 or 8 or 11 or 12)) period = period.Previous;
        return period;
    }

    /// <summary>历史报送 of the period's year, chosen in the filter.</summary>
    public static async Task OpenHistoryAsync(IPage page, ReportPeriod period)
    {
        await page.GotoAsync(ReportUrls.History);
        await page.Locator("#year").SelectOptionAsync(period.Year.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"year={period.Year}"));
    }

    /// <summary>The period's row of 历史报送.</summary>
    public static ILocator Row(IPage page, ReportPeriod period) => page.Locator($"[data-period='{period}']");

    public static Task NextAsync(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "下一步", Exact = true }).ClickAsync();

    /// <summary>
    /// From the wizard's first step: every indicator 100 (资产总计 50,000, so no balance warning), one product, no questionnaire, 上报.
    /// Returns the number of indicator inputs filled.
    /// </summary>
    public static async Task<int> FillAndSubmitAsync(IPage page)
    {
        await Expect(page.GetByTestId("enterprise-info")).ToBeVisibleAsync();
        await NextAsync(page);

        var inputs = page.Locator("section[data-step='2'] input[data-code]");
        await Expect(inputs.First).ToBeVisibleAsync();
        var count = await inputs.CountAsync();
        for (var i = 0; i < count; i++)
        {
            var input = inputs.Nth(i);
            await input.FillAsync(await input.GetAttributeAsync("data-code") == "assets" ? "50000" : "100");
        }
        await Expect(page.GetByTestId("live-checks")).ToBeEmptyAsync();
        await NextAsync(page);

        await Expect(page.Locator("section[data-step='3']")).ToBeVisibleAsync();
        await page.GetByTestId("add-product").ClickAsync();
        await page.Locator("#p-0-name").FillAsync("钢结构件");
        await page.Locator("#p-0-unit").FillAsync("吨");
        await page.Locator("#p-0-production").FillAsync("120");
        await page.Locator("#p-0-sales").FillAsync("100");
        await page.Locator("#p-0-stock").FillAsync("20");
        await NextAsync(page);

        await Expect(page.GetByTestId("no-questionnaires")).ToBeVisibleAsync();
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("报表已上报");
        return count;
    }
}
