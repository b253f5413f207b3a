using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Core.Security;

/// <summary>
/// The one place that says what region-bound data the current request may touch (ADM-4).
/// Every query of region-bound data goes through <see cref="GetScopeAsync"/>; nothing else decides scope.
/// </summary>
public interface IScopeService
{
    Task<RegionScope> GetScopeAsync(CancellationToken ct = default);
}

internal sealed class ScopeService(IHttpContextAccessor http, SmeDbContext db) : IScopeService
{
    private RegionScope? _cached;

    public async Task<RegionScope> GetScopeAsync(CancellationToken ct = default)
    {
        if (_cached is not null) return _cached;
        var userId = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return _cached = RegionScope.None;
        var admin = await db.Set<Administrator>().AsNoTracking().FirstOrDefaultAsync(a => a.UserId == userId, ct);
        return _cached = admin is null ? RegionScope.None : RegionScope.For(admin);
    }
}
