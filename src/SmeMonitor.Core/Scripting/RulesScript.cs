using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SmeMonitor.Core.Scripting;

/// <summary>Serves rules.js (helpers + browser evaluator) to admin and portal pages from the one embedded copy that the server runs.</summary>
public static class RulesScript
{
    public const string Path = "/js/rules.js";

    private static readonly byte[] Content = Encoding.UTF8.GetBytes(RuleService.LibrarySource);
    private static readonly string ETag = "\"" + Convert.ToHexString(SHA256.HashData(Content))[..16] + "\"";

    public static IEndpointConventionBuilder MapRulesScript(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, (HttpContext context) =>
        {
            // Revalidated on every use (304 when unchanged), so a new release never meets a stale copy.
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers.ETag = ETag;
            if (context.Request.Headers.IfNoneMatch == ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Bytes(Content, "text/javascript; charset=utf-8");
        }).ExcludeFromDescription();
}
