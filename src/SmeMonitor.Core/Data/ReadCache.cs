using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmeMonitor.Core.Data;

/// <summary>
/// Process-wide copies of data that changes rarely but that hot paths read on every call: the settings, the workflow
/// definitions, the administrators covering a region, the screening rules — four queries of every report's 上报.
/// <list type="bullet">
/// <item>A change this process saves to an entity type a copy was read from drops every copy: when the save succeeds,
/// and again when its transaction commits or rolls back.</item>
/// <item>A change another process saves (several web processes sharing one PostgreSQL) is seen at the latest after
/// <see cref="Lifetime"/>, when every copy is read again.</item>
/// <item>Changes that bypass the change tracker (ExecuteUpdate, raw SQL) are seen only after <see cref="Lifetime"/>:
/// nothing in the app changes these types that way.</item>
/// </list>
/// Copies are shared by every request: callers must not change what they get.
/// </summary>
public sealed class ReadCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<Type, bool> _watched = new();
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    private sealed record Entry(object? Value, long Generation, DateTimeOffset ReadAt);

    /// <summary>The copy kept under <paramref name="key"/>, or what <paramref name="read"/> returns (then kept) when there is none still valid.</summary>
    /// <param name="readFrom">The entity types <paramref name="read"/> reads: a saved change to any of them drops the copy.</param>
    public async Task<T> GetAsync<T>(string key, Type[] readFrom, Func<Task<T>> read)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var kept) && kept.Generation == Volatile.Read(ref _generation)
            && now - kept.ReadAt < Lifetime && now >= kept.ReadAt)
            return (T)kept.Value!;
        foreach (var type in readFrom) _watched.TryAdd(type, true);
        // Taken before reading: a change saved while reading makes this copy stale at once.
        var generation = Volatile.Read(ref _generation);
        var value = await read();
        _entries[key] = new Entry(value, generation, now);
        return value;
    }

    /// <summary>Drops the copy under <paramref name="key"/> (a caller found it older than what it read itself).</summary>
    public void Drop(string key) => _entries.TryRemove(key, out _);

    /// <summary>Drops every copy when any of <paramref name="changed"/> is a type a copy was read from.</summary>
    internal void Changed(IEnumerable<Type> changed)
    {
        if (changed.Any(_watched.ContainsKey)) Interlocked.Increment(ref _generation);
    }

    /// <summary>
    /// Drops the copies again when a transaction in which a context saved a watched type ends: on commit (a copy read in
    /// between saw the rows before it), and on rollback (a copy read on that context's own connection saw rows that are gone).
    /// </summary>
    internal sealed class TransactionEndHook : DbTransactionInterceptor
    {
        public static readonly TransactionEndHook Instance = new();

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Ended(eventData);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData);

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Ended(eventData);
            return Task.CompletedTask;
        }

        private static void Ended(TransactionEndEventData eventData) => (eventData.Context as SmeDbContext)?.CachedTypesTransactionEnded();
    }
}
