using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Accounts.Services;
using SmeMonitor.Enterprises.Api;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Tests.Administrators;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Enterprises;

/// <summary>/api/v1/enterprises: the list and one enterprise in the administrator's reach; an enterprise's own profile.</summary>
public class EnterprisesApiTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task Administrators_read_the_enterprises_they_manage_and_nothing_else(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("ap_");
        var sc = await app.CreateEnterpriseAsync("ap_e_sc", "330102", RegistrationStatus.Approved, t.Sc);
        var gs = await app.CreateEnterpriseAsync("ap_e_gs", "330105", RegistrationStatus.PendingReview, t.Gs);
        var hn = await app.CreateEnterpriseAsync("ap_e_hn", "410102", RegistrationStatus.Approved, t.Zz);

        var hz = await app.ClientAsAsync(t.Name("hz"));
        var list = (await hz.GetFromJsonAsync<EnterpriseListDto>("/api/v1/enterprises?q=ap_e"))!;
        Assert.Equal(2, list.Total);
        Assert.Equal([gs.Id, sc.Id], list.Items.Select(i => i.Id));
        var pending = (await hz.GetFromJsonAsync<EnterpriseListDto>("/api/v1/enterprises?q=ap_e&status=PendingReview&region=330105&disabled=false"))!;
        Assert.Equal(gs.Id, Assert.Single(pending.Items).Id);
        Assert.Equal("PendingReview", pending.Items[0].Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await hz.GetAsync("/api/v1/enterprises?status=nope")).StatusCode);

        var one = (await hz.GetFromJsonAsync<EnterpriseDto>($"/api/v1/enterprises/{sc.Id}"))!;
        Assert.Equal("ap_e_sc有限公司", one.Name);
        Assert.Equal("浙江省/杭州市/上城区", one.RegionName);
        Assert.Equal("ap_e_sc", one.UserName);

        // Another region, or the city's other county, by id: 404.
        Assert.Equal(HttpStatusCode.NotFound, (await hz.GetAsync($"/api/v1/enterprises/{hn.Id}")).StatusCode);
        var county = await app.ClientAsAsync(t.Name("sc"));
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/v1/enterprises/{gs.Id}")).StatusCode);
        Assert.Equal([sc.Id], (await county.GetFromJsonAsync<EnterpriseListDto>("/api/v1/enterprises?q=ap_e"))!.Items.Select(i => i.Id));
        var henan = await app.ClientAsAsync(t.Name("ha"));
        Assert.Equal([hn.Id], (await henan.GetFromJsonAsync<EnterpriseListDto>("/api/v1/enterprises?q=ap_e"))!.Items.Select(i => i.Id));

        var openApi = await hz.GetStringAsync("/api/v1/openapi.json");
        Assert.Contains("/api/v1/enterprises/me", openApi);
        Assert.Contains("\"Enterprises\"", openApi);
    }

    [Theory, Providers]
    public async Task An_enterprise_token_reads_its_own_profile_and_no_list(string provider)
    {
        var app = apps.Get(provider);
        var t = await app.CreateTreeAsync("am_");
        var e = await app.CreateEnterpriseAsync("am_e", "330102", RegistrationStatus.Approved, t.Sc);
        await app.CreateUserAsync("am_nobody");

        string token;
        await using (var scope = app.Scope())
        {
            var (created, error) = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>().CreateAsync(e.UserId, "api", 30, default);
            Assert.Null(error);
            token = created!;
        }
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = (await api.GetFromJsonAsync<EnterpriseDto>("/api/v1/enterprises/me"))!;
        Assert.Equal(e.Id, me.Id);
        Assert.Equal("0111", me.IndustryCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/enterprises")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/enterprises/{e.Id}")).StatusCode);

        var nobody = await app.ClientAsAsync("am_nobody");
        Assert.Equal(HttpStatusCode.NotFound, (await nobody.GetAsync("/api/v1/enterprises/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/enterprises/me")).StatusCode);
    }
}
