using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Caching.Memory;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Core.Modules;

/// <summary>Whether a feature is enabled, stored in the database so every web node agrees.</summary>
public class FeatureState
{
    public string FeatureId { get; set; } = "";
    public bool Enabled { get; set; }
}

internal sealed class FeatureStateConfiguration : IEntityTypeConfiguration<FeatureState>
{
    public void Configure(EntityTypeBuilder<FeatureState> b)
    {
        b.HasKey(f => f.FeatureId);
        b.Property(f => f.FeatureId).HasMaxLength(128);
    }
}

public interface IFeatureManager
{
    Task<IReadOnlySet<string>> GetEnabledAsync(CancellationToken ct = default);
    Task<bool> IsEnabledAsync(string featureId, CancellationToken ct = default);
    /// <summary>Enables the feature and what it depends on. Returns the ids that changed. The caller saves.</summary>
    Task<IReadOnlyList<string>> EnableAsync(string featureId, CancellationToken ct = default);
    /// <summary>Disables the feature and what depends on it. Returns the ids that changed. The caller saves.</summary>
    Task<IReadOnlyList<string>> DisableAsync(string featureId, CancellationToken ct = default);
    /// <summary>Forget the cached set (after a save that changed features).</summary>
    void Invalidate();
}

public sealed class FeatureException(string message) : Exception(message);

internal sealed class FeatureManager(SmeDbContext db, ModuleCatalog catalog, IMemoryCache cache, IAuditLog audit) : IFeatureManager
{
    private const string CacheKey = "SmeMonitor.EnabledFeatures";
    // Other web nodes pick up a change within this time; the node that made it sees it at once.
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlySet<string>> GetEnabledAsync(CancellationToken ct = default)
    {
        if (cache.TryGetValue(CacheKey, out IReadOnlySet<string>? set) && set is not null) return set;
        var stored = await db.Set<FeatureState>().AsNoTracking().Where(f => f.Enabled).Select(f => f.FeatureId).ToListAsync(ct);
        set = stored.Concat(catalog.Features.Where(f => f.AlwaysEnabled).Select(f => f.Id))
            .Where(id => catalog.FindFeature(id) is not null)
            .ToHashSet(StringComparer.Ordinal);
        cache.Set(CacheKey, set, CacheTime);
        return set;
    }

    public async Task<bool> IsEnabledAsync(string featureId, CancellationToken ct = default) =>
        (await GetEnabledAsync(ct)).Contains(featureId);

    public async Task<IReadOnlyList<string>> EnableAsync(string featureId, CancellationToken ct = default)
    {
        if (catalog.FindFeature(featureId) is null) throw new FeatureException($"Unknown feature '{featureId}'.");
        var changed = new List<string>();
        foreach (var f in catalog.WithDependencies(featureId))
            if (await SetAsync(f.Id, true, ct)) changed.Add(f.Id);
        return changed;
    }

    public async Task<IReadOnlyList<string>> DisableAsync(string featureId, CancellationToken ct = default)
    {
        var feature = catalog.FindFeature(featureId) ?? throw new FeatureException($"Unknown feature '{featureId}'.");
        var affected = catalog.Dependents(featureId).Append(feature).ToList();
        var locked = affected.FirstOrDefault(f => f.AlwaysEnabled);
        if (locked is not null)
            throw new FeatureException($"Feature '{featureId}' cannot be disabled: '{locked.Id}' is always enabled and needs it.");
        var changed = new List<string>();
        foreach (var f in affected)
            if (await SetAsync(f.Id, false, ct)) changed.Add(f.Id);
        return changed;
    }

    public void Invalidate() => cache.Remove(CacheKey);

    private async Task<bool> SetAsync(string id, bool enabled, CancellationToken ct)
    {
        var state = db.Set<FeatureState>().Local.FirstOrDefault(f => f.FeatureId == id)
                    ?? await db.Set<FeatureState>().FirstOrDefaultAsync(f => f.FeatureId == id, ct);
        var always = catalog.FindFeature(id)!.AlwaysEnabled;
        var wasEnabled = always || state?.Enabled == true;
        if (state is null) db.Add(state = new FeatureState { FeatureId = id });
        state.Enabled = enabled;
        Invalidate();
        if (wasEnabled == enabled) return false;
        audit.Record(enabled ? "feature.enable" : "feature.disable", "Feature", id);
        return true;
    }
}
