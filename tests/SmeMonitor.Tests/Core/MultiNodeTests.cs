using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Core;

/// <summary>Several web processes on one database: what one node issues or changes, the others honour.</summary>
public class MultiNodeTests
{
    [Theory, Providers]
    public async Task A_sign_in_made_on_one_node_works_on_another(string provider)
    {
        await using var first = new TestApp(provider);
        await using var second = new TestApp(provider, ["national.recipe.json"], [], first.Database, ownsDatabase: false);
        await first.CreateUserAsync("traveller_" + provider);
        // The second node starts (and loads its key ring) before the first issues anything.
        var client = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/profile")).StatusCode);

        var (name, value) = await first.SignInCookieAsync("traveller_" + provider);
        client.DefaultRequestHeaders.Add("Cookie", $"{name}={value}");
        var profile = await client.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains("traveller_" + provider, await profile.Content.ReadAsStringAsync());
    }
}
