using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Navigation;

namespace SmeMonitor.Platform.Controllers;

/// <summary>The portal's front page, the language switch and the error pages.</summary>
public sealed class HomeController(IEnumerable<PortalSection> sections, IFeatureManager features) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var enabled = await features.GetEnabledAsync(ct);
        return View(sections.Where(s => enabled.Contains(s.FeatureId)).OrderBy(s => s.Order).ToList());
    }

    /// <summary>Switches the interface language (zh-CN or en) and returns to the page.</summary>
    [HttpGet("/culture/{culture}")]
    public IActionResult Culture(string culture, string? returnUrl)
    {
        if (culture is not ("zh-CN" or "en")) return BadRequest();
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    // Any method: status code pages re-execute the failed request's method (a POST answered 404 must show 404, not 405).
    // Asked for directly (no failed request behind it), it is a page that does not exist.
    [Route("/error")]
    [Route("/error/{code:int}")]
    public IActionResult Error(int? code)
    {
        var reExecuted = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null || HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null;
        Response.StatusCode = !reExecuted ? 404 : code is >= 400 and < 600 ? code.Value : 500;
        return View(Response.StatusCode);
    }
}
