using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Platform.Models;

namespace SmeMonitor.Platform.Controllers;

/// <summary>工作流: the definitions (recipes write them; holders of ManageWorkflows enable and disable them) and the latest instances.</summary>
[RequirePermission(Permissions.ViewWorkflows)]
public sealed class WorkflowsController(SmeDbContext db, IEnumerable<IActivity> activities, WorkflowDefinitions definitions,
    IStringLocalizer<Strings> T) : Controller
{
    private const int RecentInstances = 50;

    [HttpGet("/admin/workflows")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var stored = await db.Set<WorkflowDefinition>().AsNoTracking().OrderBy(d => d.Name).ToListAsync(ct);
        var instances = await db.Set<WorkflowInstance>().AsNoTracking()
            .OrderByDescending(i => i.Id).Take(RecentInstances).ToListAsync(ct);
        var blocking = activities.Where(a => a.Blocks).Select(a => a.Type).ToHashSet(StringComparer.Ordinal);
        return View(new WorkflowsViewModel(stored.Select(WorkflowModel.From).ToList(), instances, blocking,
            User.HasPermission(Permissions.ManageWorkflows)));
    }

    [HttpPost("/admin/workflows/{name}/enable"), ValidateAntiForgeryToken, RequirePermission(Permissions.ManageWorkflows)]
    public Task<IActionResult> Enable(string name, int version, CancellationToken ct) => Change(name, true, version, ct);

    [HttpPost("/admin/workflows/{name}/disable"), ValidateAntiForgeryToken, RequirePermission(Permissions.ManageWorkflows)]
    public Task<IActionResult> Disable(string name, int version, CancellationToken ct) => Change(name, false, version, ct);

    private async Task<IActionResult> Change(string name, bool enable, int version, CancellationToken ct)
    {
        switch (await definitions.SetEnabledAsync(name, enable, version, ct))
        {
            case DefinitionChange.NotFound:
                return NotFound();
            case DefinitionChange.Conflict:
                TempData["Error"] = T["流程定义“{0}”已被他人修改，请查看最新状态后重试。", name].Value;
                break;
            default:
                TempData["Message"] = (enable ? T["已启用流程“{0}”。", name] : T["已停用流程“{0}”：不再启动新的实例，进行中的实例继续运行。", name]).Value;
                break;
        }
        return Redirect("/admin/workflows");
    }
}
