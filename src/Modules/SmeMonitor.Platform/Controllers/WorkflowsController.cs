using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Platform.Models;

namespace SmeMonitor.Platform.Controllers;

/// <summary>工作流: the definitions (read-only; recipes change them) and the latest instances.</summary>
[RequirePermission(Permissions.ViewWorkflows)]
public sealed class WorkflowsController(SmeDbContext db) : Controller
{
    private const int RecentInstances = 50;

    [HttpGet("/admin/workflows")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var definitions = await db.Set<WorkflowDefinition>().AsNoTracking().OrderBy(d => d.Name).ToListAsync(ct);
        var instances = await db.Set<WorkflowInstance>().AsNoTracking()
            .OrderByDescending(i => i.Id).Take(RecentInstances).ToListAsync(ct);
        return View(new WorkflowsViewModel(definitions.Select(WorkflowModel.From).ToList(), instances));
    }
}
