using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Messaging.Models;

namespace SmeMonitor.Messaging.Controllers;

/// <summary>The outbox (发件箱) for the super administrator: where SMS codes are read in development.</summary>
[RequirePermission(Permissions.ViewOutbox)]
public sealed class OutboxController(SmeDbContext db) : Controller
{
    public const int PageSize = 50;

    [HttpGet("/admin/outbox")]
    public async Task<IActionResult> Index(string? to, MessageChannel? channel, int page = 1, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var q = db.Set<OutboxMessage>().AsNoTracking();
        to = to?.Trim();
        if (!string.IsNullOrEmpty(to)) q = q.Where(m => m.To == to);
        if (channel is not null) q = q.Where(m => m.Channel == channel);
        var rows = await q.OrderByDescending(m => m.Id).Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        return View(new OutboxPage(rows.Take(PageSize).ToList(), to, channel, page, rows.Count > PageSize));
    }
}

public sealed record OutboxPage(IReadOnlyList<OutboxMessage> Messages, string? To, MessageChannel? Channel, int Page, bool HasNext);
