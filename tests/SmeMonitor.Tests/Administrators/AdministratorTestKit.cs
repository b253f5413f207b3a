using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Security;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Administrators;

/// <summary>
/// A small hierarchy of administrators whose login names start with a per-test prefix:
/// the nation, Zhejiang (330000) with Hangzhou (330100), its districts 上城 (330102) and 拱墅 (330105),
/// Ningbo (330200); Henan (410000) with Zhengzhou (410100).
/// </summary>
public sealed record AdminTree(string Prefix, long Nation, long Zj, long Hz, long Sc, long Gs, long Nb, long Ha, long Zz)
{
    public string Name(string shortName) => Prefix + shortName;
}

public static class AdministratorTestKit
{
    public static async Task<AdminTree> CreateTreeAsync(this TestApp app, string prefix)
    {
        async Task<long> Make(string name, AdminLevel level, string region)
        {
            await app.CreateAdministratorAsync(prefix + name, level, region);
            return await app.AdministratorIdAsync(prefix + name);
        }
        return new AdminTree(prefix,
            await Make("nation", AdminLevel.Nation, "000000"), await Make("zj", AdminLevel.Province, "330000"),
            await Make("hz", AdminLevel.City, "330100"), await Make("sc", AdminLevel.County, "330102"),
            await Make("gs", AdminLevel.County, "330105"), await Make("nb", AdminLevel.City, "330200"),
            await Make("ha", AdminLevel.Province, "410000"), await Make("zz", AdminLevel.City, "410100"));
    }

    public static Task<long> AdministratorIdAsync(this TestApp app, string userName) =>
        app.WithDbAsync(db => db.Set<Administrator>().Where(a => a.User!.UserName == userName).Select(a => a.Id).SingleAsync());

    public static Task<Administrator> AdministratorAsync(this TestApp app, long id) =>
        app.WithDbAsync(db => db.Set<Administrator>().AsNoTracking().SingleAsync(a => a.Id == id));

    public static Task<List<AuditEntry>> AuditAsync(this TestApp app, string entityType, string entityId) =>
        app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(a => a.EntityType == entityType && a.EntityId == entityId)
            .OrderBy(a => a.Id).ToListAsync());

    /// <summary>Posts a form as the browser would, with an antiforgery token read from a page the client may open.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IEnumerable<(string Name, string Value)> fields,
        string tokenPage = "/admin")
    {
        var token = await client.AntiforgeryTokenAsync(tokenPage);
        var form = fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", token));
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>The Version hidden field of a page's form.</summary>
    public static async Task<string> VersionOnAsync(this HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        return Regex.Match(html, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
    }
}
