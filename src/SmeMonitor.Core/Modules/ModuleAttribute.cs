namespace SmeMonitor.Core.Modules;

/// <summary>
/// Declares an assembly as a SmeMonitor module. Put it in the module's Manifest.cs.
/// The module itself is a feature with the module's id; extra features are declared with <see cref="FeatureAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ModuleAttribute(string id) : Attribute
{
    public string Id { get; } = id;
    public string Name { get; init; } = id;
    public string Description { get; init; } = "";
    public string Category { get; init; } = "";
    /// <summary>Ids of modules this one needs, enabled and started before it.</summary>
    public string[] Dependencies { get; init; } = [];
    /// <summary>A module the platform cannot run without (accounts, the dashboard): never disabled.</summary>
    public bool AlwaysEnabled { get; init; }
}

/// <summary>An optional extra feature of a module that can be enabled on its own.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class FeatureAttribute(string id) : Attribute
{
    public string Id { get; } = id;
    public string Name { get; init; } = id;
    public string Description { get; init; } = "";
    public string[] Dependencies { get; init; } = [];
}

/// <summary>Puts a controller (or minimal API group) under a feature other than its module's base feature.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequireFeatureAttribute(string featureId) : Attribute
{
    public string FeatureId { get; } = featureId;
}

/// <summary>Endpoint metadata: the feature an endpoint belongs to. A disabled feature's endpoints answer 404.</summary>
public sealed record FeatureMetadata(string FeatureId);
