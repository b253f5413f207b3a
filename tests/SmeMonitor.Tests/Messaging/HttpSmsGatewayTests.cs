using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmeMonitor.Messaging;
using SmeMonitor.Messaging.Models;
using SmeMonitor.Tests.Accounts;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Messaging;

/// <summary>The HTTP SMS gateway provider against a real HTTP server on 127.0.0.1 (Kestrel, random port).</summary>
public class HttpSmsGatewayTests
{
    [Theory, Providers]
    public async Task A_message_is_posted_as_json_with_the_api_key_and_recorded_as_sent(string provider)
    {
        await using var gateway = await LocalSmsGateway.StartAsync();
        await using var app = GatewayApp(provider, gateway);
        await using var scope = app.Scope();

        var result = await scope.ServiceProvider.GetRequiredService<ISmsSender>()
            .SendAsync(new SmsMessage("13912345678", "您的验证码是 135790，用于登录。", "sms-code", ["135790"]));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("Http", result.Provider);
        Assert.Equal("gw-1", result.ProviderMessageId);
        var (apiKey, body) = Assert.Single(gateway.Received);
        Assert.Equal("secret-key", apiKey);
        Assert.Equal("13912345678", body.GetProperty("phone").GetString());
        Assert.Equal("您的验证码是 135790，用于登录。", body.GetProperty("text").GetString());

        // The outbox keeps the audit copy, with the code masked: the gateway, not the outbox, delivered it.
        var row = await app.WithDbAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.Id == result.OutboxId));
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal("gw-1", row.ProviderMessageId);
        Assert.Equal("您的验证码是 ******，用于登录。", row.Body);
    }

    [Theory, Providers]
    public async Task A_gateway_error_is_a_failure_recorded_in_the_outbox_and_told_to_the_user(string provider)
    {
        await using var gateway = await LocalSmsGateway.StartAsync();
        gateway.StatusCode = StatusCodes.Status500InternalServerError;
        await using var app = GatewayApp(provider, gateway);

        await using (var scope = app.Scope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage("13912345679", "通知", "notice"));
            Assert.False(result.Succeeded);
            Assert.Contains("500", result.Error);
            var row = await app.WithDbAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.Id == result.OutboxId));
            Assert.Equal(OutboxStatus.Failed, row.Status);
            Assert.Contains("SMS gateway answered 500", row.Error);
        }

        // Through the sign-in page: the person is told, and the failed send still counts towards the limits.
        var user = await app.CreateUserAsync(Flows.NewName("gw"));
        var browser = app.Browser();
        var token = await browser.AntiforgeryTokenAsync("/account/signin");
        var r = await browser.PostFormAsync("/account/signin/code", token, ("UserName", user.UserName), ("Password", Flows.Password));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("短信发送失败，请稍后再试。", await r.MessageAsync());
        Assert.Equal(2, gateway.Received.Count);
    }

    private static TestApp GatewayApp(string provider, LocalSmsGateway gateway) => new(provider, settings: AccountsFixture.Settings(
        ("Messaging:Sms:Provider", "Http"),
        ("Messaging:Sms:Http:Url", gateway.Url + "/send"),
        ("Messaging:Sms:Http:ApiKey", "secret-key")));

    /// <summary>A minimal SMS gateway: records what it receives and answers with a chosen status.</summary>
    private sealed class LocalSmsGateway : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _count;
        public ConcurrentQueue<(string? ApiKey, JsonElement Body)> Received { get; } = new();
        public int StatusCode { get; set; } = StatusCodes.Status200OK;
        public string Url => _app.Urls.First();

        private LocalSmsGateway()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            _app = builder.Build();
            _app.MapPost("/send", async (HttpContext c) =>
            {
                using var doc = await JsonDocument.ParseAsync(c.Request.Body);
                Received.Enqueue((c.Request.Headers["X-Api-Key"].FirstOrDefault(), doc.RootElement.Clone()));
                c.Response.StatusCode = StatusCode;
                if (StatusCode == StatusCodes.Status200OK) await c.Response.WriteAsJsonAsync(new { id = "gw-" + Interlocked.Increment(ref _count) });
                else await c.Response.WriteAsync("gateway broke");
            });
        }

        public static async Task<LocalSmsGateway> StartAsync()
        {
            var gateway = new LocalSmsGateway();
            await gateway._app.StartAsync();
            return gateway;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
