using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Jobs;
using SmeMonitor.Core.Security;
using SmeMonitor.Platform.Models;

namespace SmeMonitor.Platform.Controllers;

/// <summary>
/// 我的任务: a user's background jobs with their progress (the page polls the JSON every second) and results.
/// Only the owner sees a job: anyone else gets 404, whatever their rights.
/// </summary>
[Authorize]
public sealed class JobsController(IBackgroundJobs jobs, IScopeService scopes, IStringLocalizer<Strings> T) : Controller
{
    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    [HttpGet("/jobs")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var list = await jobs.ListAsync(UserId, ct: ct);
        var dashboard = (await scopes.GetScopeAsync(ct)).IsAdministrator || User.IsInRole(PermissionClaims.SuperAdminRole);
        return View(new JobsViewModel(list.Select(ToJson).ToList(), await jobs.ResultDaysAsync(ct), dashboard));
    }

    [HttpGet("/api/v1/jobs")]
    public async Task<IActionResult> List(CancellationToken ct) => Ok((await jobs.ListAsync(UserId, ct: ct)).Select(ToJson));

    [HttpGet("/api/v1/jobs/{id:long}")]
    public async Task<IActionResult> One(long id, CancellationToken ct) =>
        await jobs.FindAsync(id, UserId, ct) is { } job ? Ok(ToJson(job)) : NotFound();

    [HttpGet("/jobs/{id:long}/result")]
    public async Task<IActionResult> Result(long id, CancellationToken ct)
    {
        var job = await jobs.FindAsync(id, UserId, ct);
        var stream = job is null ? null : jobs.OpenResult(job);
        if (stream is null) return NotFound();
        var contentType = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider()
            .TryGetContentType(job!.ResultFileName ?? "", out var type) ? type : "application/octet-stream";
        return File(stream, contentType, job.ResultFileName);
    }

    private JobJson ToJson(BackgroundJob j) => new(
        j.Id, j.Kind, j.Title, j.Status.ToString().ToLowerInvariant(), StatusText(j.Status), j.Done, j.Total,
        j.Status == BackgroundJobStatus.Succeeded ? 100 : j.Total > 0 ? (int)Math.Min(100, j.Done * 100L / j.Total) : null,
        j.Message, j.CreatedAt, j.FinishedAt, j.ResultFileName,
        j.Status == BackgroundJobStatus.Succeeded && j.ResultFileId is not null ? $"/jobs/{j.Id}/result" : null);

    private string StatusText(BackgroundJobStatus status) => status switch
    {
        BackgroundJobStatus.Queued => T["排队中"],
        BackgroundJobStatus.Running => T["进行中"],
        BackgroundJobStatus.Succeeded => T["已完成"],
        _ => T["失败"],
    };
}
