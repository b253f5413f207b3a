using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace SmeMonitor.BrowserTests.Infrastructure;

/// <summary>
/// Records every text the platform looks up in English and finds no translation for (zh-CN needs none:
/// the Chinese text is the key). Wraps the app's localizer factory, so it sees the views, the layouts,
/// the tag helpers and the services alike.
/// </summary>
public sealed class MissingTranslations
{
    private readonly ConcurrentDictionary<string, byte> _missing = new();

    /// <summary>"Resource type: key" for each text looked up in English without a translation, sorted.</summary>
    public IReadOnlyList<string> All => [.. _missing.Keys.Order(StringComparer.Ordinal)];

    public void Clear() => _missing.Clear();

    /// <summary>Replaces the app's IStringLocalizerFactory with a recording one around the original.</summary>
    public void Register(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IStringLocalizerFactory));
        services.Remove(original);
        services.Add(new ServiceDescriptor(original.ImplementationType!, original.ImplementationType!, original.Lifetime));
        services.Add(new ServiceDescriptor(typeof(IStringLocalizerFactory),
            sp => new Factory((IStringLocalizerFactory)sp.GetRequiredService(original.ImplementationType!), this), original.Lifetime));
    }

    private void Check(string resource, LocalizedString text)
    {
        if (text.ResourceNotFound && CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en")
            _missing.TryAdd($"{resource}: {text.Name}", 0);
    }

    private sealed class Factory(IStringLocalizerFactory inner, MissingTranslations sink) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => new Localizer(inner.Create(resourceSource), resourceSource.FullName!, sink);
        public IStringLocalizer Create(string baseName, string location) => new Localizer(inner.Create(baseName, location), baseName, sink);
    }

    private sealed class Localizer(IStringLocalizer inner, string resource, MissingTranslations sink) : IStringLocalizer
    {
        public LocalizedString this[string name] => Seen(inner[name]);
        public LocalizedString this[string name, params object[] arguments] => Seen(inner[name, arguments]);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

        private LocalizedString Seen(LocalizedString text)
        {
            sink.Check(resource, text);
            return text;
        }
    }
}
