using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>How people reach the module's pages: the portal menu and home block for enterprise accounts, the dashboard menu for reviewers.</summary>
public class NavigationTests(AppFixture apps) : IClassFixture<AppFixture>
{
    private const string HomeLink = "href=\"/enterprise\"";
    private const string FormLink = "href=\"/enterprise/registration\"";

    [Theory, Providers]
    public async Task An_account_without_an_enterprise_is_led_from_the_portal_home_to_the_registration_form(string provider)
    {
        var app = apps.Get(provider);
        await app.CreateUserAsync("nav_none");
        var html = await (await app.ClientAsAsync("nav_none")).GetStringAsync("/");
        Assert.Contains("data-testid=\"start-registration\"", html);
        Assert.Contains(HomeLink, html);
        Assert.Contains(FormLink, html);
    }

    [Theory, Providers]
    public async Task An_enterprise_sees_its_state_and_a_way_to_its_home_on_the_portal_home(string provider)
    {
        var app = apps.Get(provider);
        var returned = await app.CreateEnterpriseAsync("nav_returned", "330102", RegistrationStatus.Returned);
        var html = await (await app.ClientAsAsync("nav_returned")).GetStringAsync("/");
        Assert.Contains(returned.Name, html);
        Assert.Contains("data-testid=\"open-enterprise-home\"", html);
        Assert.Contains("<strong>退回</strong>", html);
        Assert.DoesNotContain("data-testid=\"start-registration\"", html);
    }

    [Theory, Providers]
    public async Task Visitors_and_administrators_get_no_enterprise_entries_and_reviewers_find_the_change_review(string provider)
    {
        var app = apps.Get(provider);
        var anonymous = await app.CreateClient().GetStringAsync("/");
        Assert.DoesNotContain(HomeLink, anonymous);
        Assert.DoesNotContain("data-testid=\"enterprise-status\"", anonymous);

        await app.CreateAdministratorAsync("nav_admin", AdminLevel.County, "330102");
        var admin = await app.ClientAsAsync("nav_admin");
        var portal = await admin.GetStringAsync("/");
        Assert.DoesNotContain(HomeLink, portal);
        Assert.DoesNotContain(FormLink, portal);
        Assert.DoesNotContain("data-testid=\"enterprise-status\"", portal);
        var dashboard = await admin.GetStringAsync("/admin");
        Assert.Contains("href=\"/admin/enterprises/registrations\"", dashboard);
        Assert.Contains("href=\"/admin/enterprises/changes\"", dashboard);

        // Without Enterprises.Review (a content editor) the review entries are not offered.
        await app.CreateUserAsync("nav_editor", null, "ContentEditor");
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SmeMonitor.Core.Data.SmeDbContext>();
            var id = db.Users.Single(u => u.UserName == "nav_editor").Id;
            db.Add(new Administrator { UserId = id, Level = AdminLevel.Nation, RegionCode = "000000", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var editor = await (await app.ClientAsAsync("nav_editor")).GetStringAsync("/admin");
        Assert.DoesNotContain("href=\"/admin/enterprises/changes\"", editor);
        Assert.DoesNotContain("href=\"/admin/enterprises/registrations\"", editor);
    }
}
