using Microsoft.Playwright;
using SmeMonitor.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmeMonitor.BrowserTests.Dashboard;

/// <summary>
/// The dashboard's lists on a 390-px phone: a table wider than the screen scrolls sideways inside its own box, with every
/// heading on one line, instead of squeezing its columns until Chinese text breaks after every character or two.
/// </summary>
[Collection(PlatformCollection.Name)]
public class DashboardTablesTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("/admin/enterprises", "enterprises")]
    [InlineData("/admin/administrators", "administrators")]
    public async Task A_wide_list_scrolls_inside_its_box_with_headings_on_one_line(string url, string table)
    {
        await using var context = await platform.NewPhoneContextAsync();
        await platform.SignInAsync(context, "admin_zj");
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        var list = page.GetByTestId(table);
        await Expect(list.Locator("tbody tr").First).ToBeVisibleAsync();

        var wrapped = await list.EvaluateAsync<string[]>("""
            t => [...t.querySelectorAll('thead th')]
                .filter(th => {
                    const text = document.createRange();
                    text.selectNodeContents(th);
                    return text.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(th).lineHeight);
                })
                .map(th => th.textContent.trim())
            """);
        Assert.True(wrapped.Length == 0, $"Headings broken over lines at phone width: {string.Join(", ", wrapped)}");
        Assert.True(await list.EvaluateAsync<bool>("t => t.parentElement.scrollWidth > t.parentElement.clientWidth"),
            "The list fits the phone: nothing here shows that it scrolls sideways.");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page itself scrolls sideways.");
        await PlatformFixture.ScreenshotAsync(page, $"dashboard-{table}-phone");
    }
}
