using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmeMonitor.BrowserTests.Infrastructure;
using SmeMonitor.Directory.Services;
using SmeMonitor.Messaging.Models;
using SmeMonitor.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmeMonitor.BrowserTests.Enterprises;

/// <summary>
/// ENT-1..5 as people do it: the demo account ent_new registers its enterprise on a phone, the county
/// administrator admin_sc returns it, the enterprise resubmits, admin_sc approves; an administrator of
/// another province cannot open it.
/// </summary>
[Collection(PlatformCollection.Name)]
public class EnterpriseRegistrationTests(PlatformFixture platform)
{
    private const string Queue = "/admin/enterprises/registrations";

    [Fact]
    public async Task An_enterprise_registers_on_a_phone_is_returned_resubmits_and_is_approved_by_its_county_administrator()
    {
        var name = "杭州浏览器测试精密机械有限公司" + Random.Shared.Next(100, 999);
        var creditCode = NewCreditCode();
        var reason = "联系电话无法接通，请核实后重新提交。";

        // (a) ent_new signs in on a phone and is led from the home page to the registration form.
        await using var phone = await platform.NewPhoneContextAsync();
        var ent = await phone.NewPageAsync();
        var entProblems = new PageProblems(ent);
        await platform.SignInWithSmsAsync(ent, "ent_new");
        await Expect(ent).ToHaveURLAsync(platform.BaseAddress.ToString());
        await Expect(ent.Locator("#portalNav a[href='/enterprise']")).ToHaveCountAsync(1);
        await Expect(ent.Locator("#portalNav a[href='/enterprise/registration']")).ToHaveCountAsync(1);
        await ent.GetByTestId("start-registration").TapAsync();
        await Expect(ent).ToHaveURLAsync(new Regex("/enterprise/registration$"));

        await ent.Locator("#field-Name").FillAsync(name);
        await ent.Locator("#field-CreditCode").FillAsync(creditCode);
        await ent.Locator("#field-LegalRepresentative").FillAsync("陈立新");
        // Cascading pickers: each level's options arrive after the one above is chosen (selectOption waits for them).
        await PickAsync(ent, "#field-IndustryCode", "C", "33", "336", "3360");
        await PickAsync(ent, "#field-RegionCode", "330000", "330100", "330102");
        await ent.Locator("#field-RegistrationType").SelectOptionAsync("有限责任公司");
        await ent.Locator("[id='holding-私人控股']").CheckAsync();

        // 企业规模 follows the figures as they are typed (industry needs both employees and revenue).
        var size = ent.GetByTestId("size");
        await ent.Locator("#field-Employees").PressSequentiallyAsync("50");
        await Expect(ent.Locator("#size-explanation")).Not.ToBeEmptyAsync();
        await ent.Locator("#field-Revenue").PressSequentiallyAsync("5000");
        await Expect(size).ToHaveTextAsync("小型");
        await ent.Locator("#field-Employees").FillAsync("");
        await ent.Locator("#field-Employees").PressSequentiallyAsync("400");
        await ent.Locator("#field-Revenue").FillAsync("");
        await ent.Locator("#field-Revenue").PressSequentiallyAsync("30000");
        await Expect(size).ToHaveTextAsync("中型");
        await ent.Locator("#field-Assets").PressSequentiallyAsync("18000");

        await ent.Locator("#field-Address").FillAsync("杭州市上城区望江路88号");
        await ent.Locator("#field-Postcode").FillAsync("310002");
        await ent.Locator("#field-OpenedOn").FillAsync("2016-03-18");
        await ent.Locator("#field-ContactName").FillAsync("李娜");
        await ent.Locator("#field-Phone").FillAsync("87654321"); // no 区号
        await ent.Locator("#field-Mobile").FillAsync("13912345678");
        await ent.Locator("#field-Email").FillAsync("lina@example.test");
        await ent.GetByTestId("submit").TapAsync();

        // A field-level message; what was typed stays, the size is shown again.
        await Expect(ent.GetByTestId("error-Phone")).ToContainTextAsync("区号");
        await Expect(ent.Locator("#field-Phone")).ToHaveClassAsync(new Regex(@"\bis-invalid\b"));
        await Expect(ent.Locator("#field-Name")).ToHaveValueAsync(name);
        await Expect(ent.Locator("#field-RegionCode select[data-level='2']")).ToHaveValueAsync("330102");
        await Expect(size).ToHaveTextAsync("中型");
        await PlatformFixture.ScreenshotAsync(ent, "enterprise-registration-error-phone");
        Assert.Null(await EnterpriseIdAsync(name));

        await ent.Locator("#field-Phone").FillAsync("0571-87654321");
        await ent.GetByTestId("submit").TapAsync();
        await Expect(ent.GetByTestId("pending-notice")).ToBeVisibleAsync();
        await Expect(ent.GetByTestId("region")).ToContainTextAsync("上城区");
        await PlatformFixture.ScreenshotAsync(ent, "enterprise-registration-pending-phone");
        Assert.True(await ent.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            "The registration page scrolls sideways at phone width.");
        var id = await EnterpriseIdAsync(name) ?? throw new InvalidOperationException("The registration was not saved.");

        // (b) admin_sc, the county administrator, finds it in the queue and returns it with a reason.
        await using var desktop = await platform.NewDesktopContextAsync();
        var admin = await desktop.NewPageAsync();
        var adminProblems = new PageProblems(admin);
        await platform.SignInWithSmsAsync(admin, "admin_sc");
        await Expect(admin).ToHaveURLAsync(new Regex("/admin$"));
        await admin.Locator("a[href='/admin/enterprises/changes']").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await admin.Locator($"a[href='{Queue}']").First.ClickAsync();
        await admin.GetByTestId("registrations").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex($"{Queue}/{id}$"));
        await Expect(admin.Locator("main")).ToContainTextAsync(creditCode);
        await admin.Locator("#reason").FillAsync(reason);
        await Expect(admin.Locator("#reason-count")).ToHaveTextAsync(reason.Length.ToString());
        await PlatformFixture.ScreenshotAsync(admin, "enterprise-review-detail-desktop");
        await admin.GetByTestId("return").ClickAsync();
        await Expect(admin.GetByTestId("message")).ToContainTextAsync("已退回");

        // (c) An administrator of another province gets 404 for it by id, on the review and management pages.
        await using (var other = await platform.NewDesktopContextAsync())
        {
            await platform.SignInAsync(other, "admin_ha");
            var page = await other.NewPageAsync();
            foreach (var url in new[] { $"{Queue}/{id}", $"/admin/enterprises/{id}" })
            {
                var answer = await page.GotoAsync(url);
                Assert.True(answer!.Status is 403 or 404, $"{url} answered {answer.Status} to admin_ha.");
                await Expect(page.Locator("body")).Not.ToContainTextAsync(name);
            }
            await page.GotoAsync(Queue + "?q=" + Uri.EscapeDataString(name));
            await Expect(page.GetByTestId("registrations").GetByText(name)).ToHaveCountAsync(0);
        }

        // The enterprise sees the reason on its home page, corrects the phone and submits again.
        await ent.GotoAsync("/enterprise");
        await Expect(ent.GetByTestId("return-reason")).ToHaveTextAsync(reason);
        await ent.GetByRole(AriaRole.Link, new() { Name = "修改并提交审核" }).TapAsync();
        await Expect(ent.GetByTestId("return-reason")).ToContainTextAsync(reason);
        await ent.Locator("#field-Phone").FillAsync("0571-87650000");
        await ent.GetByTestId("submit").TapAsync();
        await Expect(ent.GetByTestId("pending-notice")).ToBeVisibleAsync();

        // admin_sc approves; the approval SMS goes to the account's phone.
        var smsBefore = await platform.App.SmsCountAsync("13800000011");
        await admin.GotoAsync(Queue);
        await admin.GetByTestId("registrations").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(admin.GetByTestId("return-form")).ToBeVisibleAsync();
        await admin.GetByTestId("approve").ClickAsync();
        await Expect(admin.GetByTestId("message")).ToContainTextAsync("已通过");
        Assert.Equal(smsBefore + 1, await platform.App.SmsCountAsync("13800000011"));
        var sms = await LatestSmsAsync("13800000011");
        Assert.Contains(name, sms);
        Assert.Contains("审核通过", sms);

        // The enterprise home shows the approved content: three periods, the notices of its province.
        await ent.GotoAsync("/");
        await ent.GetByTestId("open-enterprise-home").TapAsync();
        await Expect(ent).ToHaveURLAsync(new Regex("/enterprise$"));
        await Expect(ent.Locator("main h1")).ToHaveTextAsync(name);
        await Expect(ent.GetByTestId("periods").Locator("[data-period]")).ToHaveCountAsync(3);
        await Expect(ent.GetByTestId("quick-links")).ToBeVisibleAsync();
        await Expect(ent.GetByTestId("latest-notices")).ToContainTextAsync("关于举办浙江省中小企业运行监测培训的通知");
        await Expect(ent.GetByTestId("latest-notices")).Not.ToContainTextAsync("关于河南省月报报送截止日期调整的通知");
        await Expect(ent.GetByTestId("registration-status")).ToHaveCountAsync(0);
        await PlatformFixture.ScreenshotAsync(ent, "enterprise-home-approved-phone");
        Assert.True(await ent.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            "The enterprise home scrolls sideways at phone width.");

        Assert.Empty(entProblems.All);
        Assert.Empty(adminProblems.All);
    }

    /// <summary>Chooses one option per level of a cascading picker.</summary>
    private static async Task PickAsync(IPage page, string picker, params string[] codes)
    {
        for (var level = 0; level < codes.Length; level++)
            await page.Locator($"{picker} select[data-level='{level}']").SelectOptionAsync(codes[level]);
        await Expect(page.Locator($"{picker} input[type=hidden]")).ToHaveValueAsync(codes[^1]);
    }

    /// <summary>A valid 统一社会信用代码 of 上城区 no one has.</summary>
    private static string NewCreditCode()
    {
        var first17 = "91330102" + Random.Shared.Next(100_000_000, 999_999_999);
        return first17 + CreditCode.CheckCharacter(first17);
    }

    private Task<long?> EnterpriseIdAsync(string name) => platform.App.WithDbAsync(db =>
        db.Set<SmeMonitor.Enterprises.Models.Enterprise>().Where(e => e.Name == name).Select(e => (long?)e.Id).FirstOrDefaultAsync());

    private Task<string> LatestSmsAsync(string phone) => platform.App.WithDbAsync(db =>
        db.Set<OutboxMessage>().Where(m => m.Channel == MessageChannel.Sms && m.To == phone)
            .OrderByDescending(m => m.Id).Select(m => m.Body).FirstAsync());
}
