using System.Net;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Accounts.Models;
using SmeMonitor.Accounts.Services;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Security;
using SmeMonitor.Messaging;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Messaging;

/// <summary>The outbox page (/admin/outbox): where the super administrator reads SMS codes in development.</summary>
public class OutboxPageTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task The_super_administrator_reads_codes_newest_first_and_filters_by_phone(string provider)
    {
        var app = apps.Get(provider);
        var super = await app.CreateUserAsync("super-" + Guid.NewGuid().ToString("N")[..6], null, PermissionClaims.SuperAdminRole);
        var phone = "137" + Random.Shared.Next(10_000_000, 99_999_999);
        await using (var scope = app.Scope())
        {
            var sms = scope.ServiceProvider.GetRequiredService<ISmsSender>();
            await sms.SendAsync(new SmsMessage(phone, "第一条 111111", "test"));
            await sms.SendAsync(new SmsMessage(phone, "第二条 222222", "test"));
            await sms.SendAsync(new SmsMessage("13000000000", "别人的 333333", "test"));
        }
        var client = await app.ClientAsAsync(super.UserName!);
        var all = await client.GetStringAsync("/admin/outbox");
        Assert.Contains("短信与邮件发件箱", all);
        Assert.True(all.IndexOf("第二条", StringComparison.Ordinal) < all.IndexOf("第一条", StringComparison.Ordinal));

        var filtered = await client.GetStringAsync("/admin/outbox?to=" + phone);
        Assert.Contains("222222", filtered);
        Assert.DoesNotContain("333333", filtered);
        // The dashboard menu links to it.
        Assert.Contains("href=\"/admin/outbox\"", await client.GetStringAsync("/admin"));
        Assert.Contains("SMS and e-mail outbox", await client.GetStringAsync("/admin/outbox?culture=en"));
    }

    [Theory, Providers]
    public async Task Nobody_else_reads_the_outbox(string provider)
    {
        var app = apps.Get(provider);
        var admin = await app.CreateAdministratorAsync("prov-" + Guid.NewGuid().ToString("N")[..6], AdminLevel.Province, "330000");
        var user = await app.CreateUserAsync("ent-" + Guid.NewGuid().ToString("N")[..6]);
        foreach (var name in new[] { admin.UserName!, user.UserName! })
        {
            var client = await app.ClientAsAsync(name);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/outbox")).StatusCode);
            Assert.DoesNotContain("href=\"/admin/outbox\"", await client.GetStringAsync("/admin"));
        }
        var anonymous = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/admin/outbox");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Theory, Providers]
    public async Task The_default_email_provider_stores_the_message_in_the_outbox(string provider)
    {
        var app = apps.Get(provider);
        var to = Guid.NewGuid().ToString("N")[..8] + "@example.test";
        await using var scope = app.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage(to, "主题", "正文", "test"));
        Assert.True(result.Succeeded);
        Assert.Equal("Outbox", result.Provider);
        var row = await app.WithDbAsync(db => db.Set<SmeMonitor.Messaging.Models.OutboxMessage>().SingleAsync(m => m.To == to));
        Assert.Equal(("主题", "正文", SmeMonitor.Messaging.Models.OutboxStatus.Stored), (row.Subject, row.Body, row.Status));
        Assert.Equal(result.OutboxId, row.Id);
    }

    [Theory, Providers]
    public async Task Sms_codes_are_stored_hashed_while_the_outbox_keeps_the_text(string provider)
    {
        var app = apps.Get(provider);
        var phone = "136" + Random.Shared.Next(10_000_000, 99_999_999);
        await using var scope = app.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<SmsCodeService>().SendAsync(SmsCodePurpose.Register, phone, null, "127.0.0.1");
        Assert.True(result.Succeeded);
        var code = await app.LatestSmsCodeAsync(phone);
        var row = await app.WithDbAsync(db => db.Set<SmsCode>().SingleAsync(c => c.Phone == phone));
        Assert.DoesNotContain(code, row.CodeHash + row.Salt);
        Assert.Equal(row.CreatedAt + TimeSpan.FromMinutes(5), row.ExpiresAt);
    }
}
