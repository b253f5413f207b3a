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
    /// zh-CN, changing case with English's casing object. .NET cases letters alike under every culture except Turkish and
    /// Azeri (and the invariant culture, which leaves İ alone); the tests check zh-CN's results are unchanged. The first
    /// time anything changes case under a culture, .NET learns whether its ASCII casing is the invariant one by opening
    /// the culture's ICU collator: for zh-CN that loads the Chinese collation tables, about a tenth of a second of CPU, and
    /// EF Core lower-cases while it compiles a request's first query. English's collator is the small root one. Sorting
    /// by this culture is unchanged: it still loads the Chinese collator when something compares strings by it.
    /// </summary>
    private sealed class ChineseCulture() : CultureInfo("zh-CN")
    {
        private static readonly TextInfo EnglishCasing = GetCultureInfo("en").TextInfo;
        public override TextInfo TextInfo => EnglishCasing;
    }
}
