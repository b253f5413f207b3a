using System.Reflection;

namespace SmeMonitor.Core.Modules;

public sealed record FeatureInfo(string Id, string Name, string Description, string ModuleId, string Category,
    IReadOnlyList<string> Dependencies, bool AlwaysEnabled);

public sealed record ModuleInfo(ModuleAttribute Manifest, Assembly Assembly, Type? StartupType, IReadOnlyList<FeatureInfo> Features)
{
    public string Id => Manifest.Id;
}

public sealed class ModuleLoadException(string message) : Exception(message);

/// <summary>
/// The modules found beside the host, in dependency order. Built once at start.
/// </summary>
public sealed class ModuleCatalog
{
    public IReadOnlyList<ModuleInfo> Modules { get; }
    public IReadOnlyList<FeatureInfo> Features { get; }
    private readonly Dictionary<string, FeatureInfo> _features;
    private readonly Dictionary<Assembly, ModuleInfo> _byAssembly;

    public ModuleCatalog(IEnumerable<Assembly> candidates)
    {
        var found = new List<ModuleInfo>();
        foreach (var asm in candidates.Distinct())
        {
            var manifest = asm.GetCustomAttribute<ModuleAttribute>();
            if (manifest is null) continue;
            var startups = asm.GetTypes().Where(t => !t.IsAbstract && typeof(ModuleStartup).IsAssignableFrom(t)).ToList();
            if (startups.Count > 1)
                throw new ModuleLoadException($"Module '{manifest.Id}' has {startups.Count} Startup classes; a module has one.");
            var features = new List<FeatureInfo>
            {
                new(manifest.Id, manifest.Name, manifest.Description, manifest.Id, manifest.Category, manifest.Dependencies, manifest.AlwaysEnabled)
            };
            foreach (var f in asm.GetCustomAttributes<FeatureAttribute>())
                features.Add(new(f.Id, f.Name, f.Description, manifest.Id, manifest.Category, [manifest.Id, .. f.Dependencies], false));
            found.Add(new ModuleInfo(manifest, asm, startups.SingleOrDefault(), features));
        }

        var dupe = found.GroupBy(m => m.Id).FirstOrDefault(g => g.Count() > 1);
        if (dupe is not null) throw new ModuleLoadException($"Module id '{dupe.Key}' is declared by more than one assembly.");

        Modules = Sort(found);
        Features = Modules.SelectMany(m => m.Features).ToList();
        _features = new Dictionary<string, FeatureInfo>(StringComparer.Ordinal);
        foreach (var f in Features)
            if (!_features.TryAdd(f.Id, f)) throw new ModuleLoadException($"Feature id '{f.Id}' is declared twice.");
        foreach (var f in Features)
            foreach (var d in f.Dependencies)
                if (!_features.ContainsKey(d))
                    throw new ModuleLoadException($"Feature '{f.Id}' depends on '{d}', which no module declares.");
        _byAssembly = Modules.ToDictionary(m => m.Assembly);
    }

    /// <summary>Modules among the SmeMonitor assemblies in the application's folder.</summary>
    public static ModuleCatalog FromApplicationFolder()
    {
        var dir = AppContext.BaseDirectory;
        // By simple name, as the host resolves its dependencies: reading each file's full name first costs more than the load.
        var assemblies = Directory.EnumerateFiles(dir, "SmeMonitor.*.dll")
            .Select(path => Assembly.Load(new AssemblyName(Path.GetFileNameWithoutExtension(path))));
        return new ModuleCatalog(assemblies);
    }

    public FeatureInfo? FindFeature(string id) => _features.GetValueOrDefault(id);

    public ModuleInfo? FindModule(Assembly assembly) => _byAssembly.GetValueOrDefault(assembly);

    /// <summary>The feature and every feature it needs, dependencies first.</summary>
    public IEnumerable<FeatureInfo> WithDependencies(string featureId)
    {
        var seen = new HashSet<string>();
        var order = new List<FeatureInfo>();
        void Visit(string id)
        {
            if (!seen.Add(id)) return;
            var f = _features[id];
            foreach (var d in f.Dependencies) Visit(d);
            order.Add(f);
        }
        Visit(featureId);
        return order;
    }

    /// <summary>Features that need this one, directly or not.</summary>
    public IEnumerable<FeatureInfo> Dependents(string featureId)
    {
        var result = new HashSet<string>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var f in Features)
                if (!result.Contains(f.Id) && f.Dependencies.Any(d => d == featureId || result.Contains(d)))
                    changed = result.Add(f.Id);
        }
        return Features.Where(f => result.Contains(f.Id));
    }

    private static List<ModuleInfo> Sort(List<ModuleInfo> modules)
    {
        var byId = modules.ToDictionary(m => m.Id);
        foreach (var m in modules)
            foreach (var d in m.Manifest.Dependencies)
                if (!byId.ContainsKey(d))
                    throw new ModuleLoadException($"Module '{m.Id}' depends on '{d}', which is not present. Add a reference to it in the host.");

        var sorted = new List<ModuleInfo>();
        var state = new Dictionary<string, int>(); // 1 = visiting, 2 = done
        var path = new Stack<string>();
        void Visit(ModuleInfo m)
        {
            if (state.GetValueOrDefault(m.Id) == 2) return;
            if (state.GetValueOrDefault(m.Id) == 1)
            {
                var cycle = path.Reverse().SkipWhile(id => id != m.Id).Append(m.Id);
                throw new ModuleLoadException($"Module dependency cycle: {string.Join(" -> ", cycle)}");
            }
            state[m.Id] = 1;
            path.Push(m.Id);
            foreach (var d in m.Manifest.Dependencies.Order(StringComparer.Ordinal)) Visit(byId[d]);
            path.Pop();
            state[m.Id] = 2;
            sorted.Add(m);
        }
        foreach (var m in modules.OrderBy(m => m.Id, StringComparer.Ordinal)) Visit(m);
        return sorted;
    }
}
