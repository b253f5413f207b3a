using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Core.Content;
using SmeMonitor.Notices.Models;
using SmeMonitor.Notices.Services;

namespace SmeMonitor.Notices.ViewComponents;

/// <summary>Portal home block: the latest five 通知公告 and 平台公告 the visitor may see, each with a 更多 link.</summary>
public sealed class LatestNoticesViewComponent(PortalContent portal) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var lists = new List<(ContentTypeDefinition, IReadOnlyList<ContentItem>)>();
        foreach (var name in new[] { NoticeTypes.Notice, NoticeTypes.Announcement })
        {
            if (await portal.ListableTypeAsync(name, HttpContext.RequestAborted) is not { } type) continue;
            lists.Add((type, await portal.LatestAsync(type, 5, HttpContext.RequestAborted)));
        }
        return View(new LatestNoticesModel(lists));
    }
}
