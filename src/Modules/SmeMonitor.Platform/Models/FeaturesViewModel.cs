using SmeMonitor.Core.Modules;

namespace SmeMonitor.Platform.Models;

public sealed record FeaturesViewModel(ModuleCatalog Catalog, IReadOnlySet<string> Enabled);
