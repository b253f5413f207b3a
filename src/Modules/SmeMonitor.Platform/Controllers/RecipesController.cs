using Microsoft.AspNetCore.Http;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Platform.Controllers;

/// <summary>Apply a recipe (one shipped with the platform, or uploaded) and export the configuration (RCP-3).</summary>
[RequirePermission(Permissions.ManageRecipes)]
public sealed class RecipesController(RecipeExecutor executor) : Controller
{
    private static string ShippedFolder => Path.Combine(AppContext.BaseDirectory, "recipes");

    [HttpGet("/admin/recipes")]
    public IActionResult Index() => View(ShippedRecipes());

    [HttpPost("/admin/recipes/apply"), ValidateAntiForgeryToken]
    [RequestSizeLimit(20_000_000)]
    public async Task<IActionResult> Apply(string? shipped, IFormFile? file, CancellationToken ct)
    {
        try
        {
            RecipeResult result;
            if (!string.IsNullOrEmpty(shipped))
            {
                if (!ShippedRecipes().Contains(shipped)) return NotFound();
                result = await executor.ApplyFileAsync(Path.Combine(ShippedFolder, shipped), ct);
            }
            else if (file is { Length: > 0 })
            {
                using var reader = new StreamReader(file.OpenReadStream());
                // An uploaded recipe may name data files only from the shipped folder.
                result = await executor.ApplyAsync(await reader.ReadToEndAsync(ct), ShippedFolder, ct);
            }
            else
            {
                TempData["Error"] = "请选择一个配方。";
                return RedirectToAction(nameof(Index));
            }
            TempData["Message"] = $"{result.Name}: {result.Steps} steps, {result.Changes} changes.";
        }
        catch (RecipeException e)
        {
            TempData["Error"] = e.Message;
        }
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("/admin/recipes/export")]
    public async Task<IActionResult> Export(CancellationToken ct)
    {
        var recipe = await executor.ExportAsync("export", ct);
        var json = recipe.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"smemonitor-{DateTime.UtcNow:yyyyMMdd-HHmm}.recipe.json");
    }

    private static List<string> ShippedRecipes() =>
        System.IO.Directory.Exists(ShippedFolder)
            ? System.IO.Directory.EnumerateFiles(ShippedFolder, "*.recipe.json", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(ShippedFolder, p).Replace('\\', '/')).Order().ToList()
            : [];
}
