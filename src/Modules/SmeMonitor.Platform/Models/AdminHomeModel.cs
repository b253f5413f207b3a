using SmeMonitor.Core.Security;

namespace SmeMonitor.Platform.Models;

/// <param name="RegionName">The manageable region by name (浙江省), or null for a user without one.</param>
public sealed record AdminHomeModel(RegionScope Scope, string? RegionName);
