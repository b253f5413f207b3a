using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Accounts.Models;
using SmeMonitor.Accounts.Services;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Accounts;

/// <summary>The picture captcha service with real random codes (no fixed test code here).</summary>
public class CaptchaTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task A_captcha_is_stored_hashed_and_answers_once(string provider)
    {
        var app = apps.Get(provider);
        await using var scope = app.Scope();
        var captchas = scope.ServiceProvider.GetRequiredService<CaptchaService>();
        var c = await captchas.CreateAsync();
        Assert.Matches("^[0-9]{5}$", c.Code);

        var row = await app.WithDbAsync(db => db.Set<Captcha>().SingleAsync(x => x.Id == c.Id));
        Assert.DoesNotContain(c.Code, row.CodeHash + row.Salt);

        Assert.True(await captchas.CheckAsync(c.Id, c.Code));
        Assert.False(await captchas.CheckAsync(c.Id, c.Code));
        var wrong = await captchas.CreateAsync();
        Assert.False(await captchas.CheckAsync(wrong.Id, wrong.Code == "00000" ? "11111" : "00000"));
        Assert.False(await captchas.CheckAsync(wrong.Id, wrong.Code));
    }

    [Theory, Providers]
    public async Task An_expired_captcha_is_refused(string provider)
    {
        await using var app = new TestApp(provider);
        await using var scope = app.Scope();
        var captchas = scope.ServiceProvider.GetRequiredService<CaptchaService>();
        var c = await captchas.CreateAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.False(await captchas.CheckAsync(c.Id, c.Code));
    }

    [Fact]
    public void The_picture_draws_strokes_and_holds_no_readable_text()
    {
        var svg = CaptchaImage.Svg("13579");
        Assert.StartsWith("<svg", svg);
        Assert.DoesNotContain("<text", svg);
        Assert.Equal(5, svg.Split("<g ").Length - 1);
        // Each picture of the same code differs (random position, angle, ink, noise).
        Assert.NotEqual(svg, CaptchaImage.Svg("13579"));
    }
}
