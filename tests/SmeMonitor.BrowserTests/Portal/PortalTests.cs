using Microsoft.Playwright;
using SmeMonitor.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmeMonitor.BrowserTests.Portal;

[Collection(PlatformCollection.Name)]
public class PortalTests(PlatformFixture platform)
{
    [Fact]
    public async Task Home_renders_in_chinese_with_a_font_that_has_the_glyphs()
    {
        await using var context = await platform.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        var problems = new PageProblems(page);

        var response = await page.GotoAsync("/");
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("中小企业运行监测平台");
        await Expect(page.Locator("nav .navbar-brand")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "登录" })).ToBeVisibleAsync();
        await PlatformFixture.ScreenshotAsync(page, "portal-home-desktop");

        // Without a CJK font every character is drawn as the same empty box: draw three in the
        // heading's font and require three different, non-blank pictures.
        var pictures = await page.EvaluateAsync<string[]>("""
            chars => {
              const family = getComputedStyle(document.querySelector('main h1')).fontFamily;
              const draw = ch => {
                const canvas = document.createElement('canvas');
                canvas.width = canvas.height = 64;
                const g = canvas.getContext('2d');
                g.font = '48px ' + family;
                g.fillText(ch, 4, 52);
                return canvas.toDataURL();
              };
              return [...chars.map(draw), draw('')];
            }
            """, new[] { "中", "企", "监" });
        var blank = pictures[^1];
        Assert.All(pictures[..^1], p => Assert.NotEqual(blank, p));
        Assert.True(pictures[..^1].Distinct().Count() == 3,
            "Chinese characters are drawn as identical boxes: no CJK font (install fonts-wqy-microhei).");
        Assert.Empty(problems.All);
    }

    [Fact]
    public async Task Language_switches_to_english_and_back()
    {
        await using var context = await platform.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        var heading = page.Locator("main h1");
        await Expect(heading).ToHaveTextAsync("中小企业运行监测平台");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(heading).ToHaveTextAsync("SME Monitoring Platform");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        // The choice is remembered (cookie) on the next visit.
        await page.GotoAsync("/");
        await Expect(heading).ToHaveTextAsync("SME Monitoring Platform");

        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Expect(heading).ToHaveTextAsync("中小企业运行监测平台");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
    }

    [Fact]
    public async Task At_phone_width_the_menu_is_collapsed_and_opens_with_a_tap()
    {
        await using var context = await platform.NewPhoneContextAsync();
        var page = await context.NewPageAsync();
        var problems = new PageProblems(page);
        await page.GotoAsync("/");

        var toggler = page.Locator("nav .navbar-toggler");
        var menu = page.Locator("#portalNav");
        var signIn = menu.GetByRole(AriaRole.Link, new() { Name = "登录" });
        await Expect(toggler).ToBeVisibleAsync();
        await Expect(signIn).ToBeHiddenAsync();
        // Nothing sticks out sideways.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await PlatformFixture.ScreenshotAsync(page, "portal-home-phone");

        await toggler.TapAsync();
        await Expect(menu).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bshow\b"));
        await Expect(signIn).ToBeVisibleAsync();
        await Expect(toggler).ToHaveAttributeAsync("aria-expanded", "true");
        await PlatformFixture.ScreenshotAsync(page, "portal-home-phone-menu");
        Assert.Empty(problems.All);
    }

    [Fact]
    public async Task In_english_at_laptop_width_menu_labels_stay_whole_and_button_labels_centred()
    {
        await using var context = await platform.NewDesktopContextAsync();
        await platform.SignInAsync(context, await platform.EnterpriseLikeDemoAsync("nav_en_", "导航英文测试有限公司"));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/enterprise?culture=en");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        // Each label on one line: a link no taller than one line of its text (it broke over two or three before).
        var tallest = await page.EvaluateAsync<double>("""
            () => Math.max(...[...document.querySelectorAll('[data-testid=portal-menu] .nav-link')].map(a =>
              a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight)))
            """);
        Assert.True(tallest < 2, $"A menu label breaks over lines ({tallest:F1} line heights).");
        // A 44 px button keeps its label in the middle, not at the top.
        var offset = await page.EvaluateAsync<double>("""
            () => Math.max(...[...document.querySelectorAll('main .btn')].filter(b => b.offsetParent).map(b => {
              const box = b.getBoundingClientRect(), range = document.createRange();
              range.selectNodeContents(b);
              const text = range.getBoundingClientRect();
              return Math.abs((text.top + text.bottom) / 2 - (box.top + box.bottom) / 2);
            }))
            """);
        Assert.True(offset <= 3, $"A button's label sits {offset:F1} px off its middle.");
        await PlatformFixture.ScreenshotAsync(page, "portal-enterprise-english-desktop");
    }

    [Fact]
    public async Task Anonymous_visitor_of_the_dashboard_is_sent_to_sign_in()
    {
        await using var context = await platform.NewDesktopContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");
        var url = new Uri(page.Url);
        Assert.Equal("/account/signin", url.AbsolutePath);
        Assert.Equal("ReturnUrl=%2Fadmin", url.Query.TrimStart('?'));
    }
}
