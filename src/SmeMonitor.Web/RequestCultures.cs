using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace SmeMonitor.Web;

/// <summary>
/// The interface languages: Simplified Chinese (the default for everyone) and English. Only an explicit choice
/// (cookie or ?culture=) switches language.
/// </summary>
public static class RequestCultures
{
    /// <summary>zh-CN first: it is the default.</summary>
    public static IReadOnlyList<CultureInfo> All { get; } = [new ChineseCulture(), new CultureInfo("en")];

    public static RequestLocalizationOptions Options() => new()
    {
        DefaultRequestCulture = new RequestCulture(All[0]),
        SupportedCultures = [.. All],
        SupportedUICultures = [.. All],
        RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
    };

    /// <summary>
    /// zh-CN, changing case with the English culture's casing object. ICU cases letters alike in every culture but
    /// Turkish, Azeri and Lithuanian, so the result is the same; but before a culture's first non-ASCII-safe case change
    /// .NET checks its casing by opening the culture's collator, and for zh-CN that loads the Chinese collation tables:
    /// a tenth of a second of CPU in the first request, where EF Core lower-cases while it compiles the first query.
    /// English's collator is the small root one. Sorting is unchanged: the Chinese collator still loads when something
    /// compares strings by this culture.
    /// </summary>
    private sealed class ChineseCulture() : CultureInfo("zh-CN")
    {
        private static readonly TextInfo EnglishCasing = GetCultureInfo("en").TextInfo;
        public override TextInfo TextInfo => EnglishCasing;
    }
}
