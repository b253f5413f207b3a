using System.Reflection;
using System.Reflection.Emit;
using SmeMonitor.Core.Modules;

namespace SmeMonitor.Tests.Core;

public class ModuleCatalogTests
{
    private static Assembly FakeModule(string id, params string[] deps)
    {
        var asm = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Fake." + id + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.Run);
        var ctor = typeof(ModuleAttribute).GetConstructor([typeof(string)])!;
        asm.SetCustomAttribute(new CustomAttributeBuilder(ctor, [id],
            [typeof(ModuleAttribute).GetProperty(nameof(ModuleAttribute.Dependencies))!], [deps]));
        asm.DefineDynamicModule("m");
        return asm;
    }

    [Fact]
    public void Orders_modules_by_dependency()
    {
        var catalog = new ModuleCatalog([FakeModule("C", "B"), FakeModule("A"), FakeModule("B", "A")]);
        Assert.Equal(["A", "B", "C"], catalog.Modules.Select(m => m.Id));
    }

    [Fact]
    public void Missing_dependency_fails_with_a_clear_message()
    {
        var e = Assert.Throws<ModuleLoadException>(() => new ModuleCatalog([FakeModule("A", "Nope")]));
        Assert.Equal("Module 'A' depends on 'Nope', which is not present. Add a reference to it in the host.", e.Message);
    }

    [Fact]
    public void Cycle_fails_and_names_the_cycle()
    {
        var e = Assert.Throws<ModuleLoadException>(() => new ModuleCatalog([FakeModule("A", "B"), FakeModule("B", "C"), FakeModule("C", "A")]));
        Assert.Equal("Module dependency cycle: A -> B -> C -> A", e.Message);
    }

    [Fact]
    public void Dependents_are_found_transitively()
    {
        var catalog = new ModuleCatalog([FakeModule("A"), FakeModule("B", "A"), FakeModule("C", "B"), FakeModule("D")]);
        Assert.Equal(["B", "C"], catalog.Dependents("A").Select(f => f.Id).Order());
        Assert.Equal(["A", "B", "C"], catalog.WithDependencies("C").Select(f => f.Id));
    }

    [Fact]
    public void The_platform_modules_are_found_beside_the_host()
    {
        var catalog = ModuleCatalog.FromApplicationFolder();
        var ids = catalog.Modules.Select(m => m.Id).ToList();
        Assert.Contains("SmeMonitor.Platform", ids);
        Assert.Contains("SmeMonitor.Notices", ids);
        Assert.True(ids.IndexOf("SmeMonitor.Messaging") < ids.IndexOf("SmeMonitor.Accounts"));
    }
}
