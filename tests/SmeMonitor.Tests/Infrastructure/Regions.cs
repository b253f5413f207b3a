using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Directory.Models;

namespace SmeMonitor.Tests.Infrastructure;

/// <summary>
/// A few real divisions (GB/T 2260) for tests of region-bound features, inserted where missing, so the
/// tests do not depend on whether a recipe loaded the full table.
/// </summary>
public static class Regions
{
    public static readonly (string Code, string Name, string? Parent)[] Sample =
    [
        ("330000", "浙江省", null), ("330100", "杭州市", "330000"), ("330102", "上城区", "330100"), ("330105", "拱墅区", "330100"),
        ("330200", "宁波市", "330000"), ("330203", "海曙区", "330200"),
        ("410000", "河南省", null), ("410100", "郑州市", "410000"), ("410102", "中原区", "410100"),
        ("410200", "开封市", "410000"), ("410202", "龙亭区", "410200"),
    ];

    public static async Task EnsureRegionsAsync(this TestApp app)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
        var codes = Sample.Select(r => r.Code).ToList();
        var present = await db.Set<Region>().Where(r => codes.Contains(r.Code)).Select(r => r.Code).ToListAsync();
        var names = Sample.ToDictionary(r => r.Code, r => r.Name);
        foreach (var (code, name, parent) in Sample.Where(r => !present.Contains(r.Code)))
        {
            var level = parent is null ? 1 : code.EndsWith("00", StringComparison.Ordinal) ? 2 : 3;
            var path = level switch
            {
                1 => name,
                2 => $"{names[parent!]}/{name}",
                _ => $"{names[parent![..2] + "0000"]}/{names[parent]}/{name}",
            };
            db.Add(new Region { Code = code, Name = name, ParentCode = parent, Level = level, Path = path });
        }
        await db.SaveChangesAsync();
    }
}
