using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Accounts.Models;
using SmeMonitor.Core.Security;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Accounts;

/// <summary>Personal access tokens: created in the user centre, shown once, stored hashed, accepted as bearer on /api only, revocable.</summary>
public class TokenTests(AccountsFixture apps) : IClassFixture<AccountsFixture>
{
    [Theory, Providers]
    public async Task A_token_signs_api_calls_in_as_its_user_until_revoked(string provider)
    {
        var app = apps.Get(provider);
        var admin = await app.CreateAdministratorAsync(Flows.NewName("api"), AdminLevel.City, "330100");
        var client = await app.SignInWithSmsAsync(admin.UserName!);
        var token = await CreateTokenAsync(client, "统计脚本");

        // Only the hash is stored.
        var row = await app.WithDbAsync(db => db.Set<PersonalAccessToken>().SingleAsync(t => t.UserId == admin.Id));
        Assert.NotEqual(token, row.TokenHash);
        Assert.DoesNotContain(token, JsonSerializer.Serialize(row));
        Assert.Equal(1, await app.AuditCountAsync("token.create", row.Id.ToString()));
        // The list shows the token's beginning, never the token.
        var profile = await client.GetStringAsync("/account/profile");
        Assert.Contains("统计脚本", profile);
        Assert.DoesNotContain(token, profile);

        var api = app.Browser();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await api.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using (var doc = JsonDocument.Parse(await me.Content.ReadAsStringAsync()))
        {
            Assert.Equal(admin.UserName, doc.RootElement.GetProperty("userName").GetString());
            Assert.Contains("Administrator", doc.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal("City", doc.RootElement.GetProperty("administrator").GetProperty("level").GetString());
            Assert.Equal("330100", doc.RootElement.GetProperty("administrator").GetProperty("regionCode").GetString());
        }
        // A bearer token is for the API: pages ignore it.
        Assert.Equal(HttpStatusCode.Redirect, (await api.GetAsync("/account/profile")).StatusCode);

        var page = await client.GetStringAsync("/account/profile");
        var revoke = await client.PostFormAsync($"/account/profile/tokens/{row.Id}/revoke", Flows.Token(page));
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(1, await app.AuditCountAsync("token.revoke", row.Id.ToString()));
    }

    [Theory, Providers]
    public async Task The_api_answers_401_without_a_valid_token_and_accepts_the_cookie(string provider)
    {
        var app = apps.Get(provider);
        var anonymous = app.Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "smt_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me")).StatusCode);

        var user = await app.CreateUserAsync(Flows.NewName("cookie"));
        var client = await app.ClientAsAsync(user.UserName!);
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/v1/me"));
        Assert.Equal(user.UserName, doc.RootElement.GetProperty("userName").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("administrator").ValueKind);
        Assert.Contains("\"/api/v1/me\"", await client.GetStringAsync("/api/v1/openapi.json"));
    }

    [Theory, Providers]
    public async Task An_expired_token_is_refused(string provider)
    {
        await using var app = new TestApp(provider, settings: AccountsFixture.Settings());
        var user = await app.CreateUserAsync(Flows.NewName("exp"));
        var token = await CreateTokenAsync(await app.ClientAsAsync(user.UserName!), "short", days: 30);
        var api = app.Browser();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [Theory, Providers]
    public async Task Nobody_revokes_or_sees_another_users_token(string provider)
    {
        var app = apps.Get(provider);
        var owner = await app.CreateUserAsync(Flows.NewName("owner"));
        var token = await CreateTokenAsync(await app.ClientAsAsync(owner.UserName!), "mine");
        var id = await app.WithDbAsync(db => db.Set<PersonalAccessToken>().Where(t => t.UserId == owner.Id).Select(t => t.Id).SingleAsync());

        var admin = await app.CreateAdministratorAsync(Flows.NewName("nat"), AdminLevel.Nation, RegionScope.NationCode);
        var other = await app.ClientAsAsync(admin.UserName!);
        var page = await other.GetStringAsync("/account/profile");
        Assert.DoesNotContain("mine", page);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync($"/account/profile/tokens/{id}/revoke", Flows.Token(page))).StatusCode);

        var api = app.Browser();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [Theory, Providers]
    public async Task A_token_needs_a_name_and_an_offered_lifetime(string provider)
    {
        var app = apps.Get(provider);
        var user = await app.CreateUserAsync(Flows.NewName("bad"));
        var client = await app.ClientAsAsync(user.UserName!);
        var token = Flows.Token(await client.GetStringAsync("/account/profile"));
        await client.PostFormAsync("/account/profile/tokens", token, ("name", ""), ("days", "30"));
        Assert.Contains("请输入令牌名称（不超过 64 个字符）。", await client.GetStringAsync("/account/profile"));
        await client.PostFormAsync("/account/profile/tokens", token, ("name", "x"), ("days", "9999"));
        Assert.Contains("请选择有效期。", await client.GetStringAsync("/account/profile"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<PersonalAccessToken>().CountAsync(t => t.UserId == user.Id)));
    }

    private static async Task<string> CreateTokenAsync(HttpClient client, string name, int days = 90)
    {
        var token = Flows.Token(await client.GetStringAsync("/account/profile"));
        var created = await client.PostFormAsync("/account/profile/tokens", token, ("name", name), ("days", days.ToString()));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var m = Regex.Match(await created.Content.ReadAsStringAsync(), "data-testid=\"new-token\">(smt_[A-Za-z0-9_-]+)<");
        Assert.True(m.Success, "The new token is not shown.");
        return m.Groups[1].Value;
    }
}
