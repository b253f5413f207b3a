using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Accounts.Services;
using SmeMonitor.Core.Excel;
using SmeMonitor.Enterprises.Models;
using SmeMonitor.Reports.Services;
using SmeMonitor.Tests.Infrastructure;
using static SmeMonitor.Tests.Enterprises.RegistrationTestKit;
using static SmeMonitor.Tests.Reports.ReportsKit;

namespace SmeMonitor.Tests.Reports;

/// <summary>Import files as a person would fill them: the enterprise layout of ReportWorkbooks, cell by cell.</summary>
internal static class ReportImportKit
{
    /// <summary>A past quarter-end month (补报), as ReportServiceTests uses.</summary>
    public static readonly ReportPeriod August = new(2021, 8);

    public static readonly string[] IndicatorTitles = ["指标代码", "指标名称", "计量单位", "本年本月", "本年1-本月", "上年本月", "上年1-本月"];
    public static readonly string[] ProductTitles = ["产品名称", "产品代码", "计量单位", "生产量", "销售量", "期末库存量"];

    /// <summary>The indicator rows of a complete, consistent August report of an industrial enterprise, in template order.</summary>
    public static List<object?[]> IndicatorRows() =>
        [.. Checker.Applicable(National, Industrial, August).Select(i =>
        {
            var v = Complete(Industrial, August)[i.Code];
            return new object?[] { i.Code, i.Name, i.Unit, v.Month, v.Cumulative, v.LastYearMonth, v.LastYearCumulative };
        })];

    /// <summary>The Excel row of an indicator in <see cref="IndicatorRows"/> (header is row 1).</summary>
    public static int RowOf(List<object?[]> rows, string code) => rows.FindIndex(r => (string)r[0]! == code) + 2;

    public static ExcelSheet[] EnterpriseFile(string period, string? creditCode, List<object?[]> indicators, IEnumerable<object?[]>? products = null,
        string[]? indicatorTitles = null) =>
    [
        new("说明", [new("项目"), new("内容")], [["报表月份", period], ["统一社会信用代码", creditCode]]),
        new("指标", [.. (indicatorTitles ?? IndicatorTitles).Select(t => new ExcelColumn(t))], indicators),
        new("产品", [.. ProductTitles.Select(t => new ExcelColumn(t))], products ?? []),
    ];

    public static async Task<byte[]> BytesAsync(this TestApp app, IReadOnlyList<ExcelSheet> sheets)
    {
        await using var scope = app.Scope();
        var buffer = new MemoryStream();
        await scope.ServiceProvider.GetRequiredService<ExcelService>().WriteAsync(buffer, sheets);
        return buffer.ToArray();
    }

    public static async Task<ExcelWorkbook> ReadAsync(this TestApp app, byte[] file)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ExcelService>().ReadAsync(new MemoryStream(file));
    }

    private static int _codes = 5000;

    /// <summary>An approved enterprise with the user name prefix+n and a credit code no other test uses.</summary>
    public static Task<Enterprise> EnterpriseAsync(this TestApp app, string prefix, int n, string region = "330102") =>
        app.ApprovedEnterpriseAsync($"{prefix}{n}", $"{prefix}导入测试{n}有限公司", Code(region, Interlocked.Increment(ref _codes)), region);

    public static async Task<ReportImportResult> ImportAsync(this TestApp app, Enterprise e, byte[] file, ReportPeriod? period = null, string filler = "李四")
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ReportImport>().ImportAsync(e.Id, period ?? August, filler, new MemoryStream(file), e.UserId);
    }

    public static async Task<HttpClient> TokenClientAsync(this TestApp app, string userId)
    {
        await using var scope = app.Scope();
        var (token, error) = await scope.ServiceProvider.GetRequiredService<PersonalAccessTokenService>().CreateAsync(userId, "api", 30, default);
        Assert.Null(error);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static MultipartFormDataContent Form(byte[] file, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(ExcelService.ContentType);
        form.Add(content, "file", "report.xlsx");
        return form;
    }
}
