using SmeMonitor.Directory.Models;

namespace SmeMonitor.Directory.Services;

/// <summary>
/// An immutable in-memory copy of a coded hierarchy (regions or industries): lookup by code,
/// children in code order, and the path from the top. Built once per data revision and shared
/// by all requests, so tree lookups cost a dictionary read.
/// </summary>
public sealed class CodeTree<T> where T : class, ITreeEntry
{
    private readonly Dictionary<string, T> _byCode;
    private readonly Dictionary<string, T[]> _children;
    private readonly int[] _countByLevel;

    public CodeTree(IEnumerable<T> entries)
    {
        _byCode = entries.ToDictionary(e => e.Code, StringComparer.Ordinal);
        _children = _byCode.Values
            .Where(e => e.ParentCode is not null && _byCode.ContainsKey(e.ParentCode))
            .GroupBy(e => e.ParentCode!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Code, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        Roots = _byCode.Values.Where(e => e.ParentCode is null).OrderBy(e => e.Code, StringComparer.Ordinal).ToArray();
        var maxLevel = _byCode.Count == 0 ? 0 : _byCode.Values.Max(e => e.Level);
        _countByLevel = new int[maxLevel + 1];
        foreach (var e in _byCode.Values) _countByLevel[e.Level]++;
    }

    public int Count => _byCode.Count;

    /// <summary>The top level (provinces, 门类), in code order.</summary>
    public IReadOnlyList<T> Roots { get; }

    public IEnumerable<T> All => _byCode.Values;

    public T? Find(string? code) => code is not null && _byCode.TryGetValue(code, out var e) ? e : null;

    /// <summary>The children of an entry in code order; empty for a leaf.</summary>
    public IReadOnlyList<T> ChildrenOf(T entry) => _children.TryGetValue(entry.Code, out var c) ? c : [];

    public bool HasChildren(T entry) => _children.ContainsKey(entry.Code);

    /// <summary>From the top level down to the entry itself.</summary>
    public IReadOnlyList<T> PathTo(T entry)
    {
        var path = new List<T>(4) { entry };
        for (var e = Find(entry.ParentCode); e is not null; e = Find(e.ParentCode)) path.Add(e);
        path.Reverse();
        return path;
    }

    public int CountAtLevel(int level) => level >= 0 && level < _countByLevel.Length ? _countByLevel[level] : 0;
}
