using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Settings;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Enterprises.Services;
using SmeMonitor.Review.Models;
using SmeMonitor.Review.Services;
using SmeMonitor.Tests.Enterprises;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Tests.Review;
using SmeMonitor.Tests.Workflows;

namespace SmeMonitor.Tests.Core;

/// <summary>
/// The process-wide copies (ReadCache) of settings, workflow definitions, review chains and screening rules, on two nodes sharing one database: a change
/// saved on a node is seen there at once (when it commits), and on the other node within ReadCache.Lifetime. The nodes'
/// clocks are frozen, so that only the test moves a copy's age.
/// </summary>
public class ReadCacheTests
{
    private static async Task<string?> SettingAsync(TestApp app, string key)
    {
        await using var scope = app.Scope();
        return (await scope.ServiceProvider.GetRequiredService<ISettingsService>().GetNodeAsync(key))?.GetValue<string>();
    }

    private static async Task SetAsync(TestApp app, string key, string value)
    {
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<ISettingsService>().SetAsync(key, JsonValue.Create(value));
        await scope.ServiceProvider.GetRequiredService<SmeDbContext>().SaveChangesAsync();
    }

    [Theory, Providers]
    public async Task A_setting_saved_on_this_node_is_seen_at_once_and_one_saved_on_another_within_the_lifetime(string provider)
    {
        await using var first = new TestApp(provider);
        await using var second = new TestApp(provider, ["national.recipe.json"], [], first.Database, ownsDatabase: false);
        first.Clock.Freeze();
        const string key = "Test.ReadCache.Node";

        Assert.Null(await SettingAsync(first, key)); // the settings are read and kept
        await SetAsync(second, key, "from-second");
        Assert.Null(await SettingAsync(first, key)); // the kept copy: the first node cannot know yet
        Assert.Equal("from-second", await SettingAsync(second, key));

        first.Clock.Advance(ReadCache.Lifetime);
        Assert.Equal("from-second", await SettingAsync(first, key));

        await SetAsync(first, key, "from-first");
        Assert.Equal("from-first", await SettingAsync(first, key));
    }

    [Theory, Providers]
    public async Task A_change_saved_in_a_transaction_is_seen_when_the_transaction_commits(string provider)
    {
        await using var app = new TestApp(provider);
        app.Clock.Freeze();
        const string key = "Test.ReadCache.Transaction";
        Assert.Null(await SettingAsync(app, key));

        await using (var writer = app.Scope())
        {
            var db = writer.ServiceProvider.GetRequiredService<SmeDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await writer.ServiceProvider.GetRequiredService<ISettingsService>().SetAsync(key, JsonValue.Create("committed"));
            await db.SaveChangesAsync();
            // Saved, not committed: another request reads (and keeps) the settings without it.
            Assert.Null(await SettingAsync(app, key));
            await transaction.CommitAsync();
        }
        Assert.Equal("committed", await SettingAsync(app, key));
    }

    [Theory, Providers]
    public async Task A_change_read_back_inside_its_transaction_is_forgotten_when_the_transaction_rolls_back(string provider)
    {
        await using var app = new TestApp(provider);
        app.Clock.Freeze();
        const string key = "Test.ReadCache.Rollback";
        await using (var writer = app.Scope())
        {
            var db = writer.ServiceProvider.GetRequiredService<SmeDbContext>();
            var settings = writer.ServiceProvider.GetRequiredService<ISettingsService>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await settings.SetAsync(key, JsonValue.Create("rolled-back"));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            // Read on the writer's own connection: the stored settings, with the uncommitted row, are read and kept.
            Assert.Equal("rolled-back", (await settings.GetNodeAsync(key))?.GetValue<string>());
            await transaction.RollbackAsync();
        }
        Assert.Null(await SettingAsync(app, key));
    }

    [Theory, Providers]
    public async Task A_workflow_disabled_on_another_node_stops_starting_here_within_the_lifetime(string provider)
    {
        await using var first = new TestApp(provider);
        await using var second = new TestApp(provider, ["national.recipe.json"], [], first.Database, ownsDatabase: false);
        first.Clock.Freeze();
        Assert.True(await first.RunAsync(r => r.CanStartAsync("ReportReview")));

        var version = await second.WithDbAsync(db => db.Set<WorkflowDefinition>().Where(d => d.Name == "ReportReview").Select(d => d.Version).SingleAsync());
        Assert.Equal(DefinitionChange.Changed, await second.WithAsync<WorkflowDefinitions, DefinitionChange>(w => w.SetEnabledAsync("ReportReview", false, version)));
        Assert.False(await second.RunAsync(r => r.CanStartAsync("ReportReview")));
        Assert.True(await first.RunAsync(r => r.CanStartAsync("ReportReview")));

        first.Clock.Advance(ReadCache.Lifetime);
        Assert.False(await first.RunAsync(r => r.CanStartAsync("ReportReview")));
    }

    [Theory, Providers]
    public async Task Screening_rules_and_administrators_changed_on_another_node_apply_to_this_node_s_submits_within_the_lifetime(string provider)
    {
        await using var first = new TestApp(provider);
        await using var second = new TestApp(provider, ["national.recipe.json"], [], first.Database, ownsDatabase: false);
        first.Clock.Freeze();
        await first.NationAsync();
        var county = await first.AdminAsync("rc_county", AdminLevel.County, "330105");
        async Task<bool> CountyInChainAsync(Enterprise e) =>
            (await first.WithAsync<DirectReviewer, ReviewChain>(r => r.ChainAsync(e.Id, e.RegionCode))).Covering.Any(a => a.Id == county.Administrator.Id);

        var before = await first.EnterpriseAsync("330105", 61);
        Assert.True((await first.SubmittedAsync(before)).ScreeningPassed); // 100 employees, no screening rule yet
        Assert.True(await CountyInChainAsync(before));

        // On the second node: a screening rule these reports fail, and the county administrator disabled.
        var (rule, errors) = await second.WithAsync<ScreeningRuleService, (ScreeningRule?, Dictionary<string, string>)>(s =>
            s.SaveAsync(null, new ScreeningRuleInput("从业人员超过50人", "v.employees.m < 50", "从业人员超过50人，请核实。", true, 0)));
        Assert.True(rule is not null, string.Join(" ", errors.Values));
        await second.WithDbAsync(async db =>
        {
            (await db.Set<Administrator>().SingleAsync(a => a.Id == county.Administrator.Id)).Enabled = false;
            return await db.SaveChangesAsync();
        });

        var kept = await first.EnterpriseAsync("330105", 62);
        Assert.True((await first.SubmittedAsync(kept)).ScreeningPassed);
        Assert.True(await CountyInChainAsync(kept));

        first.Clock.Advance(ReadCache.Lifetime);
        var after = await first.EnterpriseAsync("330105", 63);
        Assert.False((await first.SubmittedAsync(after)).ScreeningPassed);
        Assert.False(await CountyInChainAsync(after));
    }
}
