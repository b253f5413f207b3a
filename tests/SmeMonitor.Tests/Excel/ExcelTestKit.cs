using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmeMonitor.Core;
using SmeMonitor.Core.Excel;

namespace SmeMonitor.Tests.Excel;

/// <summary>ExcelService outside the web host, with the real localizer (zh-CN keys, Resources/Strings.en.resx).</summary>
internal static class ExcelTestKit
{
    public static ExcelService Create(ExcelOptions? options = null)
    {
        var factory = new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new ExcelService(new StringLocalizer<Strings>(factory), Options.Create(options ?? new ExcelOptions()));
    }

    public static async Task<byte[]> WriteAsync(this ExcelService excel, params ExcelSheet[] sheets)
    {
        using var output = new MemoryStream();
        await excel.WriteAsync(output, sheets);
        return output.ToArray();
    }

    public static Task<ExcelWorkbook> ReadAsync(this ExcelService excel, byte[] file, bool headerRow = true) =>
        excel.ReadAsync(new MemoryStream(file), headerRow);

    /// <summary>Runs the action with the UI culture set (messages are localized by it).</summary>
    public static async Task<T> InCultureAsync<T>(string culture, Func<Task<T>> action)
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
        try { return await action(); }
        finally { System.Globalization.CultureInfo.CurrentUICulture = before; }
    }
}
