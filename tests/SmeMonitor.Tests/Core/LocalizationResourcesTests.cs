using System.Globalization;
using System.Reflection;
using System.Resources;
using SmeMonitor.Core.Modules;

namespace SmeMonitor.Tests.Core;

/// <summary>
/// The localizers' keys are the zh-CN texts and only English is translated. Every assembly with translations also carries
/// empty neutral resources marked zh-CN, so that a zh-CN lookup neither probes for satellite assemblies nor throws.
/// </summary>
public class LocalizationResourcesTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    // Resource base names (e.g. SmeMonitor.Platform.Resources.Strings) that have English translations, with their assembly.
    public static TheoryData<string, string> Translated()
    {
        var data = new TheoryData<string, string>();
        var assemblies = ModuleCatalog.FromApplicationFolder().Modules.Select(m => m.Assembly)
            .Append(typeof(SmeMonitor.Core.Strings).Assembly).Distinct();
        foreach (var assembly in assemblies)
        {
            Assembly satellite;
            try { satellite = assembly.GetSatelliteAssembly(English); }
            catch (FileNotFoundException) { continue; }
            foreach (var name in satellite.GetManifestResourceNames())
                data.Add(assembly.GetName().Name!, name[..^".en.resources".Length]);
        }
        return data;
    }

    [Fact]
    public void Every_module_and_the_core_have_translations() =>
        Assert.True(Translated().Count() >= 13, $"found {Translated().Count()} translated resource sets");

    [Theory]
    [MemberData(nameof(Translated))]
    public void A_zh_CN_lookup_reads_the_empty_neutral_resources_and_English_the_translation(string assemblyName, string baseName)
    {
        var assembly = Assembly.Load(assemblyName);
        Assert.Equal("zh-CN", assembly.GetCustomAttribute<NeutralResourcesLanguageAttribute>()?.CultureName);
        var resources = new ResourceManager(baseName, assembly);

        var neutral = resources.GetResourceSet(Chinese, createIfNotExists: true, tryParents: false);
        Assert.NotNull(neutral); // without the neutral .resx this throws MissingManifestResourceException
        Assert.Empty(neutral.Cast<object>());

        var english = resources.GetResourceSet(English, createIfNotExists: true, tryParents: false)!;
        var (key, translation) = english.Cast<System.Collections.DictionaryEntry>().Select(e => ((string)e.Key, (string?)e.Value)).First();
        Assert.Null(resources.GetString(key, Chinese));
        Assert.Equal(translation, resources.GetString(key, English));
    }
}
