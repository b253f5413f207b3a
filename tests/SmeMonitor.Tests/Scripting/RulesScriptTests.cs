using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Scripting;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Scripting;

public class RulesScriptTests(AppFixture apps) : IClassFixture<AppFixture>
{
    [Theory, Providers]
    public async Task Pages_get_the_same_rules_js_that_the_server_runs(string provider)
    {
        var client = apps.Get(provider).CreateClient();

        var response = await client.GetAsync(RulesScript.Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(RuleService.LibrarySource, await response.Content.ReadAsStringAsync());

        // Unchanged since the last visit: 304, nothing sent again.
        var again = new HttpRequestMessage(HttpMethod.Get, RulesScript.Path);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Theory, Providers]
    public void The_host_has_one_rule_service(string provider)
    {
        var services = apps.Get(provider).Services;

        Assert.Same(services.GetRequiredService<RuleService>(), services.GetRequiredService<RuleService>());
    }
}
