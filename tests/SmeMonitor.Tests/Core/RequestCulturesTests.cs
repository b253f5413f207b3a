using System.Globalization;
using SmeMonitor.Web;

namespace SmeMonitor.Tests.Core;

public class RequestCulturesTests
{
    [Fact]
    public void Chinese_is_the_default_and_English_the_other_language()
    {
        var options = RequestCultures.Options();
        Assert.Equal(["zh-CN", "en"], RequestCultures.All.Select(c => c.Name));
        Assert.Same(RequestCultures.All[0], options.DefaultRequestCulture.Culture);
        Assert.Same(RequestCultures.All[0], options.DefaultRequestCulture.UICulture);
        Assert.Equal(RequestCultures.All, options.SupportedCultures!);
        Assert.Equal(RequestCultures.All, options.SupportedUICultures!);
    }

    public static TheoryData<string> Names => ["zh-CN", "en"];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_request_culture_formats_sorts_and_changes_case_as_the_system_culture_does(string name)
    {
        var culture = RequestCultures.All.Single(c => c.Name == name);
        var system = CultureInfo.GetCultureInfo(name);
        var when = new DateTime(2026, 11, 30, 14, 5, 9);
        foreach (var format in new[] { "D", "d", "F", "g", "M", "Y" })
            Assert.Equal(when.ToString(format, system), when.ToString(format, culture));
        Assert.Equal(1234567.891m.ToString("N2", system), 1234567.891m.ToString("N2", culture));
        foreach (var text in new[] { "Abc İı Iİ ΣΑΣ ß Ǆ ＡＢＣ", "中小企业 Ｗ Ä Ö Ü" })
        {
            Assert.Equal(system.TextInfo.ToLower(text), culture.TextInfo.ToLower(text));
            Assert.Equal(system.TextInfo.ToUpper(text), culture.TextInfo.ToUpper(text));
            Assert.Equal(text.ToLower(system), text.ToLower(culture));
        }
        Assert.Equal(system.TextInfo.ListSeparator, culture.TextInfo.ListSeparator);
        Assert.Equal(Math.Sign(system.CompareInfo.Compare("北京", "安徽")), Math.Sign(culture.CompareInfo.Compare("北京", "安徽")));
    }

    [Fact]
    public void Chinese_changes_case_with_the_English_casing_whose_collator_is_the_small_one() =>
        // Not zh-CN's own casing object, which opens the Chinese collation tables first (see RequestCultures).
        Assert.Same(CultureInfo.GetCultureInfo("en").TextInfo, RequestCultures.All[0].TextInfo);
}
