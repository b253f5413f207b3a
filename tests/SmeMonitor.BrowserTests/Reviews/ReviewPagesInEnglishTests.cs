using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmeMonitor.BrowserTests.Infrastructure;
using SmeMonitor.BrowserTests.Reports;
using SmeMonitor.Reports.Services;
using static Microsoft.Playwright.Assertions;

namespace SmeMonitor.BrowserTests.Reviews;

/// <summary>
/// The review pages (queue in every view, a report, a refused and an accepted 退回/接收) and the enterprise's import page (a
/// refused file) in English: every text the platform looks up has a translation.
/// </summary>
[Collection(PlatformCollection.Name)]
public class ReviewPagesInEnglishTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_review_and_import_pages_have_their_english_texts()
    {
        var name = "审核英文测试有限公司" + Random.Shared.Next(10_000, 99_999);
        var userName = await platform.EnterpriseLikeDemoAsync("ent_en", name, PortalEnterprises.NewCreditCode());
        var period = WizardSteps.LatestQuarterEnd(platform.App.Clock);
        await using var enterprise = await platform.NewDesktopContextAsync();
        await platform.SignInAsync(enterprise, userName);
        var page = await enterprise.NewPageAsync();
        await page.GotoAsync(ReportUrls.Fill(period));
        await WizardSteps.FillAndSubmitAsync(page);

        platform.MissingTranslations.Clear();
        await using (var admin = await EnglishAsync("admin_sc"))
        {
            var queue = admin.Pages[0];
            foreach (var view in new[] { "waiting", "InReview", "Approved", "Returned", "all" })
                Assert.Equal(200, (await queue.GotoAsync($"/admin/reviews?view={view}"))!.Status);
            await queue.GotoAsync("/admin/reviews?q=" + Uri.EscapeDataString(name));
            await queue.GetByTestId("reviews").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
            await Expect(queue).ToHaveURLAsync(new Regex("/admin/reviews/\\d+$"));
            await Expect(queue.GetByTestId("indicators")).ToContainTextAsync("Operating revenue");

            // A reason of blanks passes the browser's check and is refused by the platform.
            await queue.Locator("#reason").FillAsync("   ");
            await queue.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Return", Exact = true }).ClickAsync();
            await Expect(queue.GetByTestId("error")).ToBeVisibleAsync();
            await PlatformFixture.ScreenshotAsync(queue, "review-report-en-desktop");
            await queue.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();
            await Expect(queue.GetByTestId("message")).ToBeVisibleAsync();
        }

        await page.GotoAsync("/culture/en?returnUrl=%2Fenterprise%2Freports%2Fimport");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.Locator("#fillerName").FillAsync("Li Na");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "report.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = "not a workbook"u8.ToArray(),
        });
        await page.GetByTestId("import").ClickAsync();
        await Expect(page.GetByTestId("import-errors")).ToBeVisibleAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Import a report");
        await PlatformFixture.ScreenshotAsync(page, "report-import-error-en-desktop");

        Assert.Empty(platform.MissingTranslations.All);
    }

    /// <summary>A desktop context signed in as the user with English chosen, on the review queue.</summary>
    private async Task<IBrowserContext> EnglishAsync(string userName)
    {
        var context = await platform.NewDesktopContextAsync();
        await platform.SignInAsync(context, userName);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/culture/en?returnUrl=%2Fadmin%2Freviews");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        return context;
    }
}
