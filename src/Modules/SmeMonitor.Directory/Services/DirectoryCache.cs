using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmeMonitor.Core.Data;
using SmeMonitor.Directory.Models;

namespace SmeMonitor.Directory.Services;

/// <summary>The reference tables as read at one set of revisions.</summary>
public sealed class DirectorySnapshot(
    CodeTree<Region> regions, CodeTree<Industry> industries, SizeClassifier? sizes,
    IReadOnlyDictionary<string, ReferenceDataSet> dataSets)
{
    public CodeTree<Region> Regions { get; } = regions;
    public CodeTree<Industry> Industries { get; } = industries;
    /// <summary>Null when no size standard is loaded.</summary>
    public SizeClassifier? Sizes { get; } = sizes;
    /// <summary>Edition and revision of each loaded data set, by name.</summary>
    public IReadOnlyDictionary<string, ReferenceDataSet> DataSets { get; } = dataSets;
}

/// <summary>
/// Holds the regions, industries and size standard in memory. Loaded on first use; the recipe steps
/// call <see cref="Invalidate"/> when they change data, and every <see cref="RecheckInterval"/> the
/// revisions in the database are compared (one small query), so a recipe applied by another web
/// node, or committed just after a request re-read the old data, shows here within that interval.
/// </summary>
public sealed class DirectoryCache(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DirectoryCache> logger)
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile DirectorySnapshot? _snapshot;
    private long _checkedAt; // clock ticks of the last revision check
    private volatile bool _stale;

    public async ValueTask<DirectorySnapshot> GetAsync(CancellationToken ct = default)
    {
        var current = _snapshot;
        if (current is not null && IsFresh()) return current;
        await _lock.WaitAsync(ct);
        try
        {
            current = _snapshot;
            if (current is not null && IsFresh()) return current;
            // Cleared before reading, so that an invalidation during the read forces another check.
            _stale = false;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SmeDbContext>();
            var dataSets = await db.Set<ReferenceDataSet>().AsNoTracking().ToDictionaryAsync(d => d.Name, StringComparer.Ordinal, ct);
            if (current is null || !SameRevisions(current.DataSets, dataSets))
                _snapshot = current = await LoadAsync(db, dataSets, ct);
            Volatile.Write(ref _checkedAt, clock.GetUtcNow().UtcTicks);
            return current;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Makes the next read compare revisions with the database (called by the recipe steps).</summary>
    public void Invalidate() => _stale = true;

    private bool IsFresh() =>
        !_stale && clock.GetUtcNow().UtcTicks - Volatile.Read(ref _checkedAt) < RecheckInterval.Ticks;

    private static bool SameRevisions(IReadOnlyDictionary<string, ReferenceDataSet> a, IReadOnlyDictionary<string, ReferenceDataSet> b) =>
        a.Count == b.Count && a.All(x => b.TryGetValue(x.Key, out var y) && y.Revision == x.Value.Revision);

    private async Task<DirectorySnapshot> LoadAsync(SmeDbContext db, Dictionary<string, ReferenceDataSet> dataSets, CancellationToken ct)
    {
        var regions = new CodeTree<Region>(await db.Set<Region>().AsNoTracking().ToListAsync(ct));
        var industries = new CodeTree<Industry>(await db.Set<Industry>().AsNoTracking().ToListAsync(ct));
        SizeClassifier? sizes = null;
        if (dataSets.TryGetValue(ReferenceDataSet.SizeStandard, out var standard) && standard.Content is not null)
        {
            try
            {
                sizes = new SizeClassifier(SizeStandard.FromJson(standard.Content), industries);
            }
            catch (InvalidSizeStandardException e)
            {
                // The step checked the table against the industries it was loaded with; a later industry
                // recipe can still make it not fit. Regions and industries keep working meanwhile.
                logger.LogError("The stored size standard does not fit the industry table ({Reason}); size classification is off until the size-standard step is applied again.", e.Message);
            }
        }
        logger.LogInformation("Directory loaded: {Regions} regions, {Industries} industries", regions.Count, industries.Count);
        return new DirectorySnapshot(regions, industries, sizes, dataSets);
    }
}

/// <summary>Administrative divisions (GB/T 2260): lookups in memory.</summary>
public sealed class RegionDirectory(DirectoryCache cache)
{
    public async ValueTask<CodeTree<Region>> GetTreeAsync(CancellationToken ct = default) => (await cache.GetAsync(ct)).Regions;

    public async ValueTask<Region?> FindAsync(string? code, CancellationToken ct = default) => (await GetTreeAsync(ct)).Find(code);

    /// <summary>Full name paths for display (e.g. 浙江省/杭州市/上城区) by code; a code not in the table shows as itself.</summary>
    public async ValueTask<Dictionary<string, string>> PathsAsync(IEnumerable<string> codes, CancellationToken ct = default)
    {
        var tree = await GetTreeAsync(ct);
        return codes.Distinct().ToDictionary(c => c, c => tree.Find(c) is { } r ? (r.Path.Length > 0 ? r.Path : r.Name) : c);
    }
}

/// <summary>Industries (GB/T 4754-2017): lookups in memory.</summary>
public sealed class IndustryDirectory(DirectoryCache cache)
{
    public async ValueTask<CodeTree<Industry>> GetTreeAsync(CancellationToken ct = default) => (await cache.GetAsync(ct)).Industries;

    public async ValueTask<Industry?> FindAsync(string? code, CancellationToken ct = default) => (await GetTreeAsync(ct)).Find(code);
}

/// <summary>Enterprise size (ENT-3) by the size standard the recipes loaded.</summary>
public sealed class EnterpriseSizeService(DirectoryCache cache)
{
    /// <summary>The loaded standard, or null when none is.</summary>
    public async ValueTask<SizeStandard?> GetStandardAsync(CancellationToken ct = default) => (await cache.GetAsync(ct)).Sizes?.Standard;

    /// <inheritdoc cref="SizeClassifier.Classify"/>
    public async ValueTask<SizeClassification> ClassifyAsync(string industryCode, decimal? revenue, int? employees, decimal? assets,
        CancellationToken ct = default)
    {
        var sizes = (await cache.GetAsync(ct)).Sizes;
        return sizes is null
            ? new SizeClassification(SizeOutcome.NoStandard, null, null, null, [], [])
            : sizes.Classify(industryCode, revenue, employees, assets);
    }
}
