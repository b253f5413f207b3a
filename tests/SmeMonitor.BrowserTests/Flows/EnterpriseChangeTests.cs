using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmeMonitor.BrowserTests.Infrastructure;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Settings;
using SmeMonitor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmeMonitor.BrowserTests.Flows;

/// <summary>
/// 企业信息变更 (ENT-6) on a phone: a key-field change freezes the report (冻结) and the workflow's timer,
/// fired by the platform's own poll, checks and applies it (解除冻结).
/// </summary>
[Collection(PlatformCollection.Name)]
public class EnterpriseChangeTests(PlatformFixture platform)
{
    private const string UserName = "ent_demo", Password = "Demo@12345", Page = "/enterprise/registration";
    /// <summary>The check's delay here, instead of two minutes: long enough to see the freeze, short enough to wait for.</summary>
    private const int CheckDelaySeconds = 5;

    private async Task SignInAsync(IPage page, string userName)
    {
        var phone = await platform.App.PhoneOfAsync(userName);
        // Codes may be sent to one phone once a minute; move the platform's clock past that instead of waiting.
        platform.App.Clock.Advance(TimeSpan.FromSeconds(61));
        var before = await platform.App.SmsCountAsync(phone);
        await page.GotoAsync("/account/signin");
        await page.Locator("#UserName").FillAsync(userName);
        await page.Locator("#Password").FillAsync(Password);
        await page.GetByTestId("get-code").ClickAsync();
        await Expect(page.Locator("#code-status")).Not.ToBeEmptyAsync();
        Assert.Equal(before + 1, await platform.App.SmsCountAsync(phone));
        await page.Locator("#Code").FillAsync(await platform.App.LatestSmsCodeAsync(phone));
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(platform.BaseAddress.ToString());
    }

    [Fact]
    public async Task On_a_phone_the_demo_enterprise_changes_its_industry_sees_the_freeze_and_then_the_automatic_unfreeze()
    {
        await using (var scope = platform.App.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<ISettingsService>().SetAsync("Enterprises.ChangeCheckDelaySeconds", JsonValue.Create(CheckDelaySeconds));
            await scope.ServiceProvider.GetRequiredService<SmeDbContext>().SaveChangesAsync();
        }
        await using var context = await platform.NewPhoneContextAsync();
        var page = await context.NewPageAsync();
        var problems = new PageProblems(page);
        await SignInAsync(page, UserName);

        await page.GotoAsync(Page);
        await Expect(page.GetByTestId("pending-change")).ToHaveCountAsync(0);
        // 3360 金属表面处理及热处理加工 → 3311 金属结构制造, through the cascading picker (门类 and 大类 stay C / 33).
        var industry = page.Locator("#field-IndustryCode");
        await industry.Locator("select[data-level='2']").SelectOptionAsync("331");
        await industry.Locator("select[data-level='3']").SelectOptionAsync("3311");
        await PlatformFixture.ScreenshotAsync(page, "enterprise-change-industry-phone");
        await page.GetByTestId("save").ClickAsync();

        var pending = page.GetByTestId("pending-change");
        await Expect(pending).ToContainTextAsync("当期报表已冻结");
        await Expect(pending).ToContainTextAsync("3360 → 3311");
        await PlatformFixture.ScreenshotAsync(page, "enterprise-change-frozen-phone");

        // Wait on the condition: the page served without the freeze, once the platform's timer poll has run the check.
        // (A synchronous request: the predicate's value must not be a promise.)
        await page.WaitForFunctionAsync("""
            () => {
              const request = new XMLHttpRequest();
              request.open('GET', location.pathname, false);
              request.send();
              return request.status === 200 && !request.responseText.includes('data-testid="pending-change"');
            }
            """, null, new() { PollingInterval = 250, Timeout = 60_000 });
        await page.ReloadAsync();
        await Expect(page.GetByTestId("pending-change")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("change-history").Locator("li").First).ToContainTextAsync("已生效");
        await Expect(page.GetByTestId("change-history").Locator("li").First).ToContainTextAsync("3360 → 3311");
        await Expect(industry.Locator("input[name='IndustryCode']")).ToHaveValueAsync("3311");
        await PlatformFixture.ScreenshotAsync(page, "enterprise-change-applied-phone");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"The page scrolls sideways at phone width ({scrollWidth}px).");
        Assert.Empty(problems.All);
    }
}
