namespace SmeMonitor.Core.Data;

/// <summary>
/// An entity a person edits. <see cref="Version"/> is the optimistic-concurrency token: the context
/// bumps it on every update, and an update made from a stale copy fails instead of overwriting.
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}

/// <summary>Something that lives in a region (GB/T 2260 code) and is therefore scoped by it.</summary>
public interface IRegionBound
{
    string RegionCode { get; }
}
