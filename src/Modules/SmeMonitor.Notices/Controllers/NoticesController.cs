using Microsoft.AspNetCore.Mvc;

namespace SmeMonitor.Notices.Controllers;

/// <summary>Public list of notices (通知公告) for enterprises.</summary>
public sealed class NoticesController : Controller
{
    [HttpGet("/notices")]
    public IActionResult Index() => View();
}
