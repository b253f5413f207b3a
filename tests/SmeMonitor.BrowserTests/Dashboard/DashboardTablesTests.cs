using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Security;
using SmeMonitor.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmeMonitor.BrowserTests.Dashboard;

/// <summary>
/// The dashboard's lists on a 390-px phone: a table wider than the screen scrolls sideways inside its own box, with every
/// heading on one line, instead of squeezing its columns until Chinese text breaks after every character or two; and the
/// filters above a list show their whole text.
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

    [Theory]
    [InlineData("/admin/audit")]
    [InlineData("/admin/workflows")]
    public async Task Free_text_cells_keep_a_readable_width_on_a_phone(string url)
    {
        // An entry by a person (the recipes' own entries have no user), with details as long as a report save's.
        await platform.App.WithDbAsync(async db =>
        {
            var superadmin = await db.Set<User>().Where(u => u.UserName == "superadmin").Select(u => u.Id).SingleAsync();
            db.Add(new AuditEntry
            {
                At = DateTimeOffset.UtcNow, UserId = superadmin, Action = "report.save", EntityType = "Report", EntityId = "1",
                Details = "{\"enterprise\":1,\"type\":\"monthly\",\"period\":\"2026-10\",\"mode\":\"Online\"}",
            });
            return await db.SaveChangesAsync();
        });
        await using var context = await platform.NewPhoneContextAsync();
        await platform.SignInAsync(context, "superadmin");
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await Expect(page.Locator(".table-responsive td.text-break").First).ToBeAttachedAsync();

        // Details, settings and errors under a short heading: squeezed, they broke after every character or two.
        var narrow = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.table-responsive td.text-break')]
                .filter(td => td.textContent.trim() !== '' && td.getBoundingClientRect().width < 200)
                .map(td => `${Math.round(td.getBoundingClientRect().width)} px: ${td.textContent.trim().slice(0, 30)}`)
            """);
        Assert.True(narrow.Length == 0, $"Free-text cells squeezed at phone width: {string.Join("; ", narrow)}");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page itself scrolls sideways.");
        if (url == "/admin/audit")
        {
            // Who acted: a name on one line (the id in its tooltip), not a 36-character id wrapped over several lines.
            var users = await page.GetByTestId("audit").EvaluateAsync<string[]>("""
                t => [...t.querySelectorAll('tbody tr')].map(tr => tr.cells[1]).filter(td => td.textContent.trim() !== '')
                    .filter(td => {
                        const text = document.createRange();
                        text.selectNodeContents(td);
                        return td.textContent.trim() === td.title || text.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(td).lineHeight);
                    })
                    .map(td => td.textContent.trim())
                """);
            Assert.True(users.Length == 0, $"Users shown as ids or over several lines: {string.Join(", ", users.Distinct())}");
            await Expect(page.GetByTestId("audit").Locator("tbody td[title]").Filter(new() { HasText = "superadmin" }).First).ToBeVisibleAsync();
            Assert.DoesNotContain(await page.GetByTestId("audit").Locator("tbody td[title]").AllInnerTextsAsync(), text => text.Length == 36 && Guid.TryParse(text, out _));
        }
        await PlatformFixture.ScreenshotAsync(page, $"dashboard-{url.Split('/')[^1]}-phone");
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task The_review_queues_filters_show_their_whole_text_on_a_phone(string culture)
    {
        await using var context = await platform.NewPhoneContextAsync();
        await platform.SignInAsync(context, "admin_sc");
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/culture/{culture}?returnUrl=%2Fadmin%2Freviews");
        var screening = page.Locator("select[name='screening']");
        await Expect(screening).ToBeVisibleAsync();
        // Each option's text, measured in the select's font, against the room inside it (the arrow sits in its padding).
        var cut = await screening.EvaluateAsync<string?>("""
            s => {
                const style = getComputedStyle(s);
                const pen = document.createElement('canvas').getContext('2d');
                pen.font = style.font;
                const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                const cut = [...s.options].map(o => [o.text, pen.measureText(o.text).width]).filter(([, width]) => width > room);
                return cut.length === 0 ? null : cut.map(([text, width]) => `${text} (${Math.round(width)} px in ${Math.round(room)} px)`).join(', ');
            }
            """);
        Assert.True(cut is null, $"The screening filter cuts its text at phone width: {cut}.");
    }
}
