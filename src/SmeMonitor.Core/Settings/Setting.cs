using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Core.Settings;

/// <summary>A platform setting set by recipe or dashboard, e.g. Reports.DeadlineDay = 10. The value is JSON.</summary>
public class Setting : IVersioned
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "null";
    public int Version { get; set; }
}

internal sealed class SettingConfiguration : IEntityTypeConfiguration<Setting>
{
    public void Configure(EntityTypeBuilder<Setting> b)
    {
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(128);
    }
}

public interface ISettingsService
{
    Task<T?> GetAsync<T>(string key, CancellationToken ct = default);
    Task<JsonNode?> GetNodeAsync(string key, CancellationToken ct = default);
    /// <summary>Adds or replaces; the caller saves the context (so it joins the caller's transaction).</summary>
    Task SetAsync(string key, JsonNode? value, CancellationToken ct = default);
    Task<IReadOnlyDictionary<string, JsonNode?>> AllAsync(CancellationToken ct = default);
}

internal sealed class SettingsService(SmeDbContext db, ReadCache cache) : ISettingsService
{
    public async Task<JsonNode?> GetNodeAsync(string key, CancellationToken ct = default)
    {
        // A setting this context changes and has not saved yet wins over the stored ones, which are read once for all keys
        // and kept (ReadCache). What Find does for the tracked one, without the expression tree Find compiles on every call.
        var json = db.FindTracked<Setting>(e => string.Equals(e.Entity.Key, key, StringComparison.Ordinal))?.Entity.Value
                   ?? (await StoredAsync(ct)).GetValueOrDefault(key);
        return json is null ? null : JsonNode.Parse(json);
    }

    private Task<Dictionary<string, string>> StoredAsync(CancellationToken ct) =>
        cache.GetAsync("settings", [typeof(Setting)], () => db.Set<Setting>().AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Value, StringComparer.Ordinal, ct));

    public async Task<T?> GetAsync<T>(string key, CancellationToken ct = default)
    {
        var node = await GetNodeAsync(key, ct);
        return node is null ? default : node.Deserialize<T>();
    }

    public async Task SetAsync(string key, JsonNode? value, CancellationToken ct = default)
    {
        var json = value?.ToJsonString() ?? "null";
        var s = await db.Set<Setting>().FindAsync([key], ct);
        if (s is null) db.Add(new Setting { Key = key, Value = json });
        else if (s.Value != json) s.Value = json;
    }

    public async Task<IReadOnlyDictionary<string, JsonNode?>> AllAsync(CancellationToken ct = default) =>
        (await db.Set<Setting>().AsNoTracking().OrderBy(s => s.Key).ToListAsync(ct))
            .ToDictionary(s => s.Key, s => JsonNode.Parse(s.Value));
}
