using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Content;

/// <summary>A clock the test moves by hand, so schedules are tested without waiting.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock) _now += by;
    }
}

/// <summary>Apps for content tests: uploaded files go to a temporary folder of their own.</summary>
public sealed class ContentAppFixture : AppFixture
{
    protected override TestApp Create(string provider) => ContentApps.Create(provider);
}

public static class ContentApps
{
    /// <summary>Messages from services called in-process follow the thread's culture: make it the platform default.</summary>
    public static void UseChinese() => System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");

    public static TestApp Create(string provider) => new(provider, settings: new Dictionary<string, string?>
    {
        ["Storage:Root"] = Path.Combine(Path.GetTempPath(), "smemonitor-tests", "files-" + Guid.NewGuid().ToString("N")),
        ["Storage:MaxUploadBytes"] = "100000",
    });

    public static async Task<RecipeResult> ApplyRecipeAsync(this TestApp app, string json)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ApplyAsync(json, null);
    }

    /// <summary>The app with its clock replaced (a second host on the same database).</summary>
    public static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> WithClock(this TestApp app, TimeProvider clock) =>
        app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(clock)));

    public static async Task<T> WithServicesAsync<T>(this IServiceProvider services, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public static JsonObject Fields(params (string Name, JsonNode? Value)[] values)
    {
        var o = new JsonObject();
        foreach (var (name, value) in values) o[name] = value;
        return o;
    }

    /// <summary>Creates and publishes a notice directly, as an administrator of the region would.</summary>
    public static async Task<string> PublishNoticeAsync(this IServiceProvider services, string title, string regionCode, params string[] targets)
    {
        await using var scope = services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<ContentManager>();
        var fields = Fields(("Body", "正文：" + title));
        if (targets.Length > 0) fields["TargetRegions"] = new JsonArray(targets.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
        var item = await manager.CreateAsync(new NewContent("Notice", title, fields, regionCode, null));
        await manager.PublishAsync(item.ContentItemId, null);
        return item.ContentItemId;
    }

    /// <summary>Posts a form as the browser would, with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string postUrl, params (string Key, string Value)[] values)
    {
        var token = await client.AntiforgeryTokenAsync(pageUrl);
        var form = values.Select(v => new KeyValuePair<string, string>(v.Key, v.Value)).Append(new("__RequestVerificationToken", token));
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(form));
    }
}
