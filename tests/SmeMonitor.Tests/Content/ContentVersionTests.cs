using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Content;
using SmeMonitor.Core.Data;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Content;

/// <summary>Draft and published versions, schedules on a hand-moved clock, and refusal of stale edits.</summary>
public class ContentVersionTests(ContentAppFixture apps) : IClassFixture<ContentAppFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    [Theory, Providers]
    public async Task Publishing_shows_the_draft_and_editing_a_published_item_keeps_the_public_version(string provider)
    {
        var services = apps.Get(provider).Services;
        await using var scope = services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<ContentManager>();

        var item = await manager.CreateAsync(new NewContent("Notice", "第一版", ContentApps.Fields(("Body", "内容一")), "330000", "u1"));
        Assert.Null(await PublishedTitleAsync(services, item.ContentItemId));

        var first = await manager.PublishAsync(item.ContentItemId, item.Version);
        Assert.Equal("第一版", await PublishedTitleAsync(services, item.ContentItemId));
        var firstPublishedAt = first!.PublishedAt;
        Assert.NotNull(firstPublishedAt);

        var draft = await manager.UpdateAsync(item.ContentItemId, "第二版", ContentApps.Fields(("Body", "内容二")), null);
        Assert.Equal("第一版", await PublishedTitleAsync(services, item.ContentItemId));
        Assert.Equal("第二版", (await manager.GetLatestAsync(item.ContentItemId))!.DisplayText);
        Assert.False(draft!.Published);

        // Saving the draft again edits it in place: still two versions.
        await manager.UpdateAsync(item.ContentItemId, "第二版（改）", ContentApps.Fields(("Body", "内容二")), draft.Version);
        Assert.Equal(2, await VersionCountAsync(services, item.ContentItemId));

        var latest = await manager.GetLatestAsync(item.ContentItemId);
        await manager.PublishAsync(item.ContentItemId, latest!.Version);
        Assert.Equal("第二版（改）", await PublishedTitleAsync(services, item.ContentItemId));
        var rows = await services.WithServicesAsync(sp => sp.GetRequiredService<SmeDbContext>().Set<ContentItem>()
            .Where(i => i.ContentItemId == item.ContentItemId).ToListAsync());
        Assert.Single(rows, r => r.Published);
        Assert.Single(rows, r => r.Latest);
        // The publication date stays that of the first publication.
        Assert.Equal(firstPublishedAt, rows.Single(r => r.Published).PublishedAt);

        latest = await manager.GetLatestAsync(item.ContentItemId);
        await manager.UnpublishAsync(item.ContentItemId, latest!.Version);
        Assert.Null(await PublishedTitleAsync(services, item.ContentItemId));
        Assert.Equal("第二版（改）", (await manager.GetLatestAsync(item.ContentItemId))!.DisplayText);
    }

    [Theory, Providers]
    public async Task A_scheduled_draft_is_published_when_its_time_comes_and_not_before(string provider)
    {
        ContentApps.UseChinese();
        var clock = new ManualClock(Start);
        await using var app = apps.Get(provider).WithClock(clock);
        var services = app.Services;
        string id;
        await using (var scope = services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<ContentManager>();
            var item = await manager.CreateAsync(new NewContent("Notice", "定时通知", ContentApps.Fields(("Body", "x")), "000000", null));
            id = item.ContentItemId;
            var past = await Assert.ThrowsAsync<ContentValidationException>(() => manager.ScheduleAsync(id, Start.UtcDateTime.AddMinutes(-1), item.Version));
            Assert.Contains("必须晚于现在", past.Errors[0].Message);
            await manager.ScheduleAsync(id, Start.UtcDateTime.AddHours(1), item.Version);
        }

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Null(await PublishedTitleAsync(services, id));
        Assert.DoesNotContain("定时通知", await VisibleTitlesAsync(app, "/api/v1/notices"));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Contains("定时通知", await VisibleTitlesAsync(app, "/api/v1/notices"));
        var published = await services.WithServicesAsync(sp => sp.GetRequiredService<ContentManager>().GetLatestAsync(id));
        Assert.True(published!.Published);
        Assert.Null(published.ScheduledAt);
        // It counts as published at the time it was scheduled for, not when somebody first looked.
        Assert.Equal(Start.UtcDateTime.AddHours(1), published.PublishedAt);
    }

    [Theory, Providers]
    public async Task Deleting_a_draft_restores_the_published_version_or_removes_a_never_published_item(string provider)
    {
        ContentApps.UseChinese();
        var services = apps.Get(provider).Services;
        await using var scope = services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<ContentManager>();

        var item = await manager.CreateAsync(new NewContent("Notice", "已发布", ContentApps.Fields(("Body", "a")), "000000", null));
        await manager.PublishAsync(item.ContentItemId, null);
        var published = await manager.GetLatestAsync(item.ContentItemId);
        var refused = await Assert.ThrowsAsync<ContentValidationException>(() => manager.DeleteDraftAsync(item.ContentItemId, published!.Version));
        Assert.Contains("请先撤回", refused.Errors[0].Message);

        await manager.UpdateAsync(item.ContentItemId, "草稿", ContentApps.Fields(("Body", "b")), null);
        var remaining = await manager.DeleteDraftAsync(item.ContentItemId, null);
        Assert.Equal("已发布", remaining!.DisplayText);
        Assert.True(remaining.Latest && remaining.Published);

        var draftOnly = await manager.CreateAsync(new NewContent("Notice", "只是草稿", ContentApps.Fields(("Body", "c")), "000000", null));
        Assert.Null(await manager.DeleteDraftAsync(draftOnly.ContentItemId, draftOnly.Version));
        Assert.Equal(0, await VersionCountAsync(services, draftOnly.ContentItemId));
    }

    [Theory, Providers]
    public async Task Editing_from_a_stale_version_is_refused_with_a_clear_message_and_changes_nothing(string provider)
    {
        ContentApps.UseChinese();
        var services = apps.Get(provider).Services;
        string id;
        int seen;
        await using (var scope = services.CreateAsyncScope())
        {
            var item = await scope.ServiceProvider.GetRequiredService<ContentManager>()
                .CreateAsync(new NewContent("Notice", "原标题", ContentApps.Fields(("Body", "a")), "000000", null));
            (id, seen) = (item.ContentItemId, item.Version);
        }
        // Somebody else saves first.
        await services.WithServicesAsync(sp => sp.GetRequiredService<ContentManager>().UpdateAsync(id, "他人的修改", ContentApps.Fields(("Body", "b")), seen));

        await using (var scope = services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<ContentManager>();
            var e = await Assert.ThrowsAsync<ContentConcurrencyException>(() => manager.UpdateAsync(id, "我的修改", ContentApps.Fields(("Body", "c")), seen));
            Assert.Contains("已被他人修改", e.Message);
            await Assert.ThrowsAsync<ContentConcurrencyException>(() => manager.PublishAsync(id, seen));
        }
        var latest = await services.WithServicesAsync(sp => sp.GetRequiredService<ContentManager>().GetLatestAsync(id));
        Assert.Equal("他人的修改", latest!.DisplayText);
        Assert.False(latest.Published);
    }

    private static Task<string?> PublishedTitleAsync(IServiceProvider services, string id) =>
        services.WithServicesAsync(async sp =>
            (await (await sp.GetRequiredService<ContentQuery>().ForAsync("Notice")).WithId(id).FirstOrDefaultAsync())?.DisplayText);

    private static Task<int> VersionCountAsync(IServiceProvider services, string id) =>
        services.WithServicesAsync(sp => sp.GetRequiredService<SmeDbContext>().Set<ContentItem>().CountAsync(i => i.ContentItemId == id));

    private static async Task<List<string>> VisibleTitlesAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string url)
    {
        var json = JsonNode.Parse(await app.CreateClient().GetStringAsync(url))!;
        return json["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()).ToList();
    }
}
