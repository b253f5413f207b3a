using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Playwright;
using SmeMonitor.BrowserTests.Infrastructure;
using SmeMonitor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmeMonitor.BrowserTests.Enterprises;

/// <summary>
/// Every page of the Enterprises module, in each state it has, opened in English: every text it looks up
/// has a translation (the platform's localizer records the misses, see <see cref="MissingTranslations"/>).
/// </summary>
[Collection(PlatformCollection.Name)]
public class EnterprisePagesInEnglishTests(PlatformFixture platform)
{
    [Fact]
    public async Task Every_enterprise_page_has_its_english_texts()
    {
        platform.MissingTranslations.Clear();

        // An account without an enterprise: home block, enterprise home, empty form, then every required-field message.
        var newcomer = "qiye_en" + Random.Shared.Next(10_000, 99_999);
        await platform.App.CreateUserAsync(newcomer);
        await using (var context = await EnglishAsync(newcomer, phone: true))
        {
            var page = context.Pages[0];
            await Expect(page.GetByTestId("start-registration")).ToHaveTextAsync("Enterprise registration");
            await OpenAsync(page, "/enterprise", 200);
            await OpenAsync(page, "/enterprise/registration", 200);
            await Expect(page.Locator("#field-RegionCode select[data-level='0']")).ToBeEnabledAsync();
            await page.GetByTestId("submit").TapAsync();
            await Expect(page.GetByTestId("error-Name")).ToBeVisibleAsync();
            await PlatformFixture.ScreenshotAsync(page, "enterprise-registration-errors-en-phone");
        }

        // Pending, returned and approved enterprises of the demo recipe.
        foreach (var user in new[] { "ent_zj_033", "ent_ha_212", "ent_demo" })
        {
            await using var context = await EnglishAsync(user, phone: true);
            var page = context.Pages[0];
            await Expect(page.GetByTestId("open-enterprise-home")).ToBeVisibleAsync();
            await OpenAsync(page, "/enterprise", 200);
            await OpenAsync(page, "/enterprise/registration", 200);
        }

        // The dashboard pages as the city administrator of 杭州, a refused 退回 included.
        var pending = await IdOfAsync("杭州嘉禾能源股份有限公司");
        var approved = await IdOfAsync("杭州示范智能装备有限公司");
        await using (var context = await EnglishAsync("admin_hz", phone: false))
        {
            var page = context.Pages[0];
            await OpenAsync(page, "/admin/enterprises/registrations", 200);
            await OpenAsync(page, $"/admin/enterprises/registrations/{pending}", 200);
            await page.GetByTestId("return").ClickAsync();
            await Expect(page.GetByTestId("error")).ToBeVisibleAsync();
            await OpenAsync(page, "/admin/enterprises", 200);
            await OpenAsync(page, $"/admin/enterprises/{approved}", 200);
            await OpenAsync(page, "/admin/enterprises/changes", 200);
            await PlatformFixture.ScreenshotAsync(page, "enterprise-changes-en-desktop");
        }

        Assert.Empty(platform.MissingTranslations.All);
    }

    [Fact]
    public void The_missing_translation_recorder_notices_a_missing_text()
    {
        using var scope = platform.App.Services.CreateScope();
        var T = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SmeMonitor.Enterprises.Strings>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("Enterprise home", T["企业首页"].Value);
            _ = T["没有译文的测试文本"];
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
        Assert.Contains("SmeMonitor.Enterprises.Strings: 没有译文的测试文本", platform.MissingTranslations.All);
    }

    /// <summary>A context signed in as the user with English chosen (the language cookie), on the portal home.</summary>
    private async Task<IBrowserContext> EnglishAsync(string userName, bool phone)
    {
        var context = phone ? await platform.NewPhoneContextAsync() : await platform.NewDesktopContextAsync();
        await platform.SignInAsync(context, userName);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/culture/en?returnUrl=%2F");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        return context;
    }

    private static async Task OpenAsync(IPage page, string url, int status)
    {
        var answer = await page.GotoAsync(url);
        Assert.Equal(status, answer!.Status);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
    }

    private Task<long> IdOfAsync(string name) => platform.App.WithDbAsync(db =>
        db.Set<SmeMonitor.Enterprises.Models.Enterprise>().Where(e => e.Name == name).Select(e => e.Id).SingleAsync());
}
