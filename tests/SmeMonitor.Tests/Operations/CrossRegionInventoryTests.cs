using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Reports.Models;
using SmeMonitor.Tests.Administrators;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Tests.Review;

namespace SmeMonitor.Tests.Operations;

/// <summary>
/// Every endpoint whose URL names a region-bound record, asked by a 浙江 administrator with the id of a 河南 record: 403 or
/// 404, and the record is unchanged; the 河南 administrator opens the same GET pages (the ids are live). An id route this test
/// cannot place fails it until it is given a record kind here or named among the routes tested elsewhere.
/// </summary>
public class CrossRegionInventoryTests(AppFixture apps) : IClassFixture<AppFixture>
{
    /// <summary>The record kind a route's id names, or null.</summary>
    private static string? Kind(string pattern) =>
        pattern.Contains("enterprises/registrations/{id", StringComparison.Ordinal) ? "registration"
        : pattern.Contains("enterprises/changes/{id", StringComparison.Ordinal) ? "change"
        : pattern.Contains("enterprises/{id", StringComparison.Ordinal) ? "enterprise"
        : pattern.Contains("administrators/{id", StringComparison.Ordinal) ? "administrator"
        : pattern.Contains("reports/{id", StringComparison.Ordinal) || pattern.Contains("reviews/{id", StringComparison.Ordinal) ? "report"
        : null;

    /// <summary>
    /// Routes with parameters that name no region-bound record: platform-wide definitions (national only, see
    /// PlatformWidePermissionsTests), the caller's own enterprise's periods, and records bound to their owner or to the
    /// regions a content item targets, whose foreign ids are tested in TokenTests, BackgroundJobTests and NoticesHttpTests.
    /// </summary>
    private static readonly string[] Elsewhere =
    [
        "admin/roles/{id}", "admin/features/{id}", "admin/workflows/{name}", "admin/content-types/{name}", "admin/report-types/{name}",
        "admin/content/new/{type}", "admin/content/{id}", "/api/v1/reports/{period}", "enterprise/reports/{period", "jobs/{id:long}/result",
        "api/v1/jobs/{id:long}", "account/profile/tokens/{id:long}", "/api/v1/notices/{id}", "notices/{id}", "announcements/{id}", "content/{type}",
        "culture/{culture}", "error/{code:int}", "/api/v1/regions/{code}", "/api/v1/industries/{code}", "/api/v1/credit-codes/{code}",
        "/api/{documentName}/openapi.json", "/api/docs/{documentName?}",
    ];

    [Theory, Providers]
    public async Task Another_regions_ids_are_refused_on_every_page_and_API_and_change_nothing(string provider)
    {
        var app = apps.Get(provider);
        var henan = await app.AdminAsync("xr_ha", AdminLevel.Province, "410000");
        var city = await app.AdminAsync("xr_zz", AdminLevel.City, "410100");
        await app.AdminAsync("xr_zj", AdminLevel.Province, "330000");
        var enterprise = await app.EnterpriseAsync("410102", 81);
        var report = await app.SubmittedAsync(enterprise);
        var registration = await app.CreateEnterpriseAsync("xr_reg", "410102");
        var changed = await app.EnterpriseAsync("410102", 82);
        var form = EnterpriseForm.From(await app.EnterpriseOfAsync(changed.UserId));
        form.Name = changed.Name + "改";
        Assert.NotNull((await app.WithAsync<EnterpriseChangeService, ChangeSaveResult>(s => s.SaveAsync(changed.UserId, form))).KeyChange);
        var change = await app.WithDbAsync(db => db.Set<EnterpriseChange>().AsNoTracking().SingleAsync(c => c.EnterpriseId == changed.Id));
        var ids = new Dictionary<string, long>
        {
            ["administrator"] = city.Administrator.Id, ["enterprise"] = enterprise.Id, ["registration"] = registration.Id,
            ["change"] = change.Id, ["report"] = report.Id,
        };

        var zhejiang = await app.ClientAsAsync("xr_zj");
        var own = await app.ClientAsAsync(henan.UserName);
        var unplaced = new List<string>();
        var wrong = new List<string>();
        var asked = 0;
        var routes = EndpointInventoryTests.Routes(app).ToList();
        foreach (var e in routes)
        {
            var pattern = e.RoutePattern.RawText!;
            if (e.RoutePattern.Parameters.Count == 0) continue;
            if (Kind(pattern) is not { } kind)
            {
                if (!Elsewhere.Any(p => pattern.StartsWith(p, StringComparison.Ordinal))) unplaced.Add(pattern);
                continue;
            }
            var id = ids[kind].ToString(System.Globalization.CultureInfo.InvariantCulture);
            var url = EndpointInventoryTests.Url(e.RoutePattern, _ => id);
            foreach (var method in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                asked++;
                var status = (int)(await SendAsync(zhejiang, method, url)).StatusCode;
                if (status is not (403 or 404)) wrong.Add($"{method} {url} [{pattern}]: {status}");
                // The control: the record's own province opens the page (the POSTs are not repeated: they would change it).
                if (method == "GET" && (await SendAsync(own, method, url)).StatusCode != HttpStatusCode.OK)
                    wrong.Add($"GET {url} as 河南: not 200, so the id proves nothing");
            }
        }
        Assert.True(unplaced.Count == 0, "id routes without a record kind here: " + string.Join(", ", unplaced));
        Assert.DoesNotContain(Elsewhere, p => !routes.Any(e => e.RoutePattern.RawText!.StartsWith(p, StringComparison.Ordinal)));
        Assert.True(asked >= 20, $"only {asked} requests");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // Nothing the refused POSTs named changed.
        var after = await app.WithDbAsync(async db => new
        {
            Admin = await db.Set<Administrator>().AsNoTracking().SingleAsync(a => a.Id == city.Administrator.Id),
            Enterprise = await db.Set<Enterprise>().AsNoTracking().SingleAsync(x => x.Id == enterprise.Id),
            Registration = await db.Set<Enterprise>().AsNoTracking().SingleAsync(x => x.Id == registration.Id),
            Change = await db.Set<EnterpriseChange>().AsNoTracking().SingleAsync(c => c.Id == change.Id),
            Report = await db.Set<Report>().AsNoTracking().SingleAsync(r => r.Id == report.Id),
        });
        Assert.Equal((city.Administrator.Version, true), (after.Admin.Version, after.Admin.Enabled));
        Assert.Equal((enterprise.Version, false, RegistrationStatus.Approved), (after.Enterprise.Version, after.Enterprise.Disabled, after.Enterprise.Status));
        Assert.Equal((registration.Version, RegistrationStatus.PendingReview), (after.Registration.Version, after.Registration.Status));
        Assert.Equal((change.Version, change.Status), (after.Change.Version, after.Change.Status));
        Assert.Equal((report.Version, ReportStatus.InReview, report.ReviewLevel), (after.Report.Version, after.Report.Status, after.Report.ReviewLevel));
    }

    /// <summary>
    /// A well-formed request (a page's POST with its antiforgery token, an API call with a reason), so that only the scope can
    /// refuse it.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url)
    {
        if (method == "GET") return await client.GetAsync(url);
        if (url.StartsWith("/api/", StringComparison.Ordinal))
            return await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = new StringContent("""{"reason":"跨地区测试"}""", Encoding.UTF8, "application/json"),
            });
        return await client.PostFormAsync(url, [("Reason", "跨地区测试")]);
    }
}
