using System.Globalization;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Excel;
using SmeMonitor.Reports.Models;

namespace SmeMonitor.Reports.Services;

/// <summary>An enterprise's import file as read: values and products, or the problems found (each naming sheet, row and column).</summary>
public sealed record EnterpriseImportFile(Dictionary<string, IndicatorValues> Values, List<ProductRow> Products, List<string> Errors, Func<ReportProblem, string> Place);

/// <summary>One enterprise's row of a batch file (REP-13): the values and products keyed by its credit code, and its own cell errors.</summary>
public sealed record BatchImportRow(int Row, string? CreditCode, string? Name, string? FillerName,
    Dictionary<string, IndicatorValues> Values, List<ProductRow> Products, List<string> Errors, Func<ReportProblem, string> Place);

/// <summary>A batch file as read: problems of the whole file (wrong period, wrong columns) or the enterprises' rows.</summary>
public sealed record BatchImportFile(List<string> Errors, List<BatchImportRow> Rows, List<(int Row, string CreditCode)> OrphanProducts);

/// <summary>
/// The Excel layouts of report import (REP-12, REP-13). The sheet names and column titles are the file format and stay
/// Chinese whatever the user's language; every sheet has one header row of titles (row 1), data from row 2.
/// <para>Enterprise template (one enterprise, one period):</para>
/// <list type="bullet">
/// <item>说明: 项目 | 内容 — 报表月份 (yyyy-MM), 统一社会信用代码, 企业名称, then 填写说明 lines. The month and the code must be those of the import.</item>
/// <item>指标: 指标代码 | 指标名称 | 计量单位 | 本年本月 | 本年1-本月 | 上年本月 | 上年1-本月 — one row per indicator that applies to the
///   enterprise and period, prefilled like the online form; the code identifies the row, name and unit are for reading.</item>
/// <item>产品: 产品名称 | 产品代码 | 计量单位 | 生产量 | 销售量 | 期末库存量 — one row per product (optional).</item>
/// </list>
/// <para>Batch template (an administrator, many enterprises, one period):</para>
/// <list type="bullet">
/// <item>说明: 项目 | 内容 — 报表月份 and 填写说明.</item>
/// <item>指标: 统一社会信用代码 | 企业名称 | 填报人 | then, for every indicator of the report type in order, four columns titled
///   “指标名称（本年本月）”, “（本年1-本月）”, “（上年本月）”, “（上年1-本月）” — one row per enterprise; cells of indicators that do not
///   apply to an enterprise stay empty.</item>
/// <item>产品: 统一社会信用代码 | 产品名称 | 产品代码 | 计量单位 | 生产量 | 销售量 | 期末库存量 — products keyed by the enterprise's credit code.</item>
/// </list>
/// Numbers are read strictly (<see cref="StrictNumber"/>); unknown, missing or extra columns and rows are refused.
/// </summary>
public sealed class ReportWorkbooks(ExcelService excel, IStringLocalizer<Strings> T)
{
    public const string InfoSheet = "说明", IndicatorSheet = "指标", ProductSheet = "产品";
    public const string PeriodLabel = "报表月份", CreditCodeLabel = "统一社会信用代码", NameLabel = "企业名称", FillerLabel = "填报人";
    private static readonly string[] ProductTitles = ["产品名称", "产品代码", "计量单位", "生产量", "销售量", "期末库存量"];
    private static readonly string[] IndicatorTitles = ["指标代码", "指标名称", "计量单位", .. IndicatorValues.Columns.Select(ReportChecker.ColumnText)];
    /// <summary>The first column of the four value columns in the enterprise layout (D).</summary>
    private const int FirstValueColumn = 4;

    /// <summary>The enterprise template for the opened report: the applicable indicators prefilled as the online form would be, and its products.</summary>
    public IReadOnlyList<ExcelSheet> EnterpriseTemplate(ReportForm form) =>
    [
        Info(form.Key.Period, [[CreditCodeLabel, form.Enterprise.CreditCode], [NameLabel, form.Enterprise.Name]],
            "每个适用指标一行，按“指标代码”识别，请不要增删行或列；只填数字（半角，不要千位分隔符、空格或单位）。",
            "“产品”工作表每行一种产品：产品名称、计量单位、生产量、销售量、期末库存量必填，产品代码可空。",
            "上传时选择与“报表月份”相同的月份；文件中任何错误都会使整个文件不被导入。"),
        new ExcelSheet(IndicatorSheet,
            [new(IndicatorTitles[0], Width: 16), new(IndicatorTitles[1], Width: 30), new(IndicatorTitles[2]),
             .. IndicatorTitles.Skip(3).Select(t => new ExcelColumn(t, ExcelColumnType.Decimal, 16))],
            form.Indicators.Select(i =>
            {
                var v = form.Suggested.GetValueOrDefault(i.Code) ?? IndicatorValues.Empty;
                return (IReadOnlyList<object?>)[i.Code, i.Name, i.Unit, v.Month, v.Cumulative, v.LastYearMonth, v.LastYearCumulative];
            })),
        ProductSheetOf([], form.Products.Select(p => (IReadOnlyList<object?>)[p.Name, p.Code, p.Unit, p.Production, p.Sales, p.ClosingStock])),
    ];

    /// <summary>The batch template: one row per listed enterprise (credit code, name), the indicators of the definition as columns.</summary>
    public IReadOnlyList<ExcelSheet> BatchTemplate(ReportDefinition definition, ReportPeriod period, IEnumerable<(string CreditCode, string Name)> enterprises) =>
    [
        Info(period, [],
            "“指标”工作表每家企业一行，按“统一社会信用代码”识别；填报人必填；不适用于该企业的指标留空。",
            "列为每个指标的本年本月、本年1-本月、上年本月、上年1-本月，请不要增删列；只填数字（半角，不要千位分隔符、空格或单位）。",
            "“产品”工作表每行一种产品，第一列为企业的统一社会信用代码。",
            "每家企业单独检查、单独导入：有错误的企业不导入，结果文件列出每家企业的导入结果和原因；只能导入管辖范围内的企业。"),
        new ExcelSheet(IndicatorSheet, [.. BatchTitles(definition).Select((t, i) => new ExcelColumn(t, i < 3 ? ExcelColumnType.Text : ExcelColumnType.Decimal, i < 2 ? 24 : 14))],
            enterprises.Select(e => (IReadOnlyList<object?>)[e.CreditCode, e.Name])),
        ProductSheetOf([CreditCodeLabel], []),
    ];

    private static ExcelSheet Info(ReportPeriod period, IEnumerable<object?[]> facts, params string[] notes) =>
        new(InfoSheet, [new("项目", Width: 18), new("内容", Width: 90)],
            [[PeriodLabel, period.ToString()], .. facts, .. notes.Select(n => new object?[] { "填写说明", n })]);

    private static ExcelSheet ProductSheetOf(string[] keys, IEnumerable<IReadOnlyList<object?>> rows) =>
        new(ProductSheet, [.. keys.Select(k => new ExcelColumn(k, Width: 24)), new(ProductTitles[0], Width: 24), new(ProductTitles[1]), new(ProductTitles[2]),
            .. ProductTitles.Skip(3).Select(t => new ExcelColumn(t, ExcelColumnType.Decimal, 14))], rows);

    private static List<string> BatchTitles(ReportDefinition d) =>
        [CreditCodeLabel, NameLabel, FillerLabel, .. d.Indicators.SelectMany(i => IndicatorValues.Columns.Select(c => $"{i.Name}（{ReportChecker.ColumnText(c)}）"))];

    /// <summary>Reads an enterprise's file for the opened report: the period and credit code must be the report's; every applicable indicator has its row.</summary>
    public EnterpriseImportFile ReadEnterprise(ExcelWorkbook book, ReportForm form)
    {
        var errors = new List<string>();
        var values = new Dictionary<string, IndicatorValues>(StringComparer.Ordinal);
        var products = new List<ProductRow>();
        var indicatorRows = new Dictionary<string, int>(StringComparer.Ordinal);
        var productRows = new List<int>();
        string Place(ReportProblem p) => PlaceProblem(p, code => indicatorRows.TryGetValue(code, out var row) ? row : null,
            (_, column) => ExcelColumns.Letter(FirstValueColumn + Array.IndexOf(IndicatorValues.Columns, column)), productRows);

        var info = ReadInfo(book, errors);
        if (info is not null)
        {
            CheckPeriod(info, form.Key.Period, errors);
            var code = Text(info.GetValueOrDefault(CreditCodeLabel)?.Value);
            if (!string.Equals(code, form.Enterprise.CreditCode, StringComparison.OrdinalIgnoreCase))
                errors.Add(At(info.GetValueOrDefault(CreditCodeLabel), InfoSheet, T["文件中的统一社会信用代码“{0}”不是本企业的（{1}）：请下载本企业的模板。", code ?? "", form.Enterprise.CreditCode ?? ""]));
        }

        var sheet = Sheet(book, IndicatorSheet, IndicatorTitles, errors);
        if (sheet is not null)
        {
            var applicable = form.Indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
            foreach (var row in sheet.Rows)
            {
                var codeCell = row["A"];
                var code = Text(codeCell?.Value);
                if (code is null)
                {
                    errors.Add(excel.At(sheet.Name, row.Number, "A", IndicatorTitles[0], T["缺少指标代码。"]));
                    continue;
                }
                if (!applicable.ContainsKey(code))
                {
                    errors.Add(excel.At(codeCell!, form.Definition.FindIndicator(code) is { } known
                        ? T["指标“{0}”不属于本期报表：请删除这一行。", known.Name] : T["未知的指标代码“{0}”：请使用本期模板。", code]));
                    continue;
                }
                if (!indicatorRows.TryAdd(code, row.Number))
                {
                    errors.Add(excel.At(codeCell!, T["指标“{0}”重复出现（第 {1} 行已有）。", code, indicatorRows[code]]));
                    continue;
                }
                values[code] = ReadValues(row, c => ExcelColumns.Letter(FirstValueColumn + c), errors);
            }
            foreach (var indicator in form.Indicators.Where(i => !indicatorRows.ContainsKey(i.Code)))
                errors.Add(T["工作表“{0}”缺少指标“{1}”（{2}）的行：请使用本期模板，不要删除行。", IndicatorSheet, indicator.Name, indicator.Code]);
        }

        var productSheet = Sheet(book, ProductSheet, ProductTitles, errors);
        if (productSheet is not null)
            foreach (var row in productSheet.Rows)
            {
                products.Add(ReadProduct(row, 0, errors));
                productRows.Add(row.Number);
            }
        return new EnterpriseImportFile(values, products, errors, Place);
    }

    /// <summary>Reads a batch file for the period: its structure is checked as a whole; each enterprise's cells on its own row.</summary>
    public BatchImportFile ReadBatch(ExcelWorkbook book, ReportDefinition definition, ReportPeriod period)
    {
        var errors = new List<string>();
        var info = ReadInfo(book, errors);
        if (info is not null) CheckPeriod(info, period, errors);
        var titles = BatchTitles(definition);
        var sheet = Sheet(book, IndicatorSheet, titles, errors);
        var productSheet = Sheet(book, ProductSheet, [CreditCodeLabel, .. ProductTitles], errors);
        var rows = new List<BatchImportRow>();
        var orphans = new List<(int, string)>();
        if (errors.Count > 0 || sheet is null || productSheet is null) return new BatchImportFile(errors, rows, orphans);

        // Column of (indicator, value column): D onwards, four per indicator in definition order.
        var letters = new Dictionary<(string, ValueColumn), string>();
        for (var i = 0; i < definition.Indicators.Count; i++)
            for (var c = 0; c < 4; c++)
                letters[(definition.Indicators[i].Code, IndicatorValues.Columns[c])] = ExcelColumns.Letter(4 + i * 4 + c);
        var byCode = new Dictionary<string, BatchImportRow>(StringComparer.OrdinalIgnoreCase);
        var productRowsOf = new Dictionary<BatchImportRow, List<int>>(ReferenceEqualityComparer.Instance);
        foreach (var row in sheet.Rows)
        {
            var rowErrors = new List<string>();
            var productRows = new List<int>();
            var values = new Dictionary<string, IndicatorValues>(StringComparer.Ordinal);
            foreach (var indicator in definition.Indicators)
            {
                var read = ReadValues(row, c => letters[(indicator.Code, IndicatorValues.Columns[c])], rowErrors);
                if (!read.IsEmpty) values[indicator.Code] = read;
            }
            var number = row.Number;
            var entry = new BatchImportRow(number, Text(row["A"]?.Value)?.ToUpperInvariant(), Text(row["B"]?.Value), Text(row["C"]?.Value), values, [], rowErrors,
                p => PlaceProblem(p, _ => number, (code, column) => letters[(code, column)], productRows));
            if (entry.CreditCode is null) rowErrors.Add(excel.At(sheet.Name, number, "A", CreditCodeLabel, T["缺少统一社会信用代码。"]));
            else if (!byCode.TryAdd(entry.CreditCode, entry)) rowErrors.Add(excel.At(sheet.Name, number, "A", CreditCodeLabel, T["统一社会信用代码重复（第 {0} 行已有）。", byCode[entry.CreditCode].Row]));
            rows.Add(entry);
            // Products attach below, by credit code; their row numbers go with the placing function.
            productRowsOf[entry] = productRows;
        }
        foreach (var row in productSheet.Rows)
        {
            var code = Text(row["A"]?.Value)?.ToUpperInvariant();
            if (code is null || !byCode.TryGetValue(code, out var owner))
            {
                orphans.Add((row.Number, code ?? ""));
                continue;
            }
            owner.Products.Add(ReadProduct(row, 1, owner.Errors));
            productRowsOf[owner].Add(row.Number);
        }
        return new BatchImportFile(errors, rows, orphans);
    }

    private IndicatorValues ReadValues(ExcelRow row, Func<int, string> letter, List<string> errors)
    {
        var read = new decimal?[4];
        for (var c = 0; c < 4; c++) read[c] = Number(row[letter(c)], errors);
        return new IndicatorValues(read[0], read[1], read[2], read[3]);
    }

    /// <summary>A product row; <paramref name="offset"/> = columns before 产品名称 (the credit code in a batch).</summary>
    private ProductRow ReadProduct(ExcelRow row, int offset, List<string> errors)
    {
        string L(int i) => ExcelColumns.Letter(offset + i + 1);
        return new ProductRow(Text(row[L(0)]?.Value), Text(row[L(1)]?.Value), Text(row[L(2)]?.Value),
            Number(row[L(3)], errors), Number(row[L(4)], errors), Number(row[L(5)], errors));
    }

    private decimal? Number(ExcelCell? cell, List<string> errors)
    {
        if (cell is null) return null;
        var (result, message) = excel.ParseNumber(cell.Value);
        if (message is not null) errors.Add(excel.At(cell, message));
        return result.Value;
    }

    /// <summary>Where a problem of the checks lies in the file: indicator row and value column, product row, or the indicator sheet; with the rule id.</summary>
    private string PlaceProblem(ReportProblem p, Func<string, int?> indicatorRow, Func<string, ValueColumn, string> letter, List<int> productRows)
    {
        var message = p.RuleId is null ? p.Message : T["{0}（规则 {1}）", p.Message, p.RuleId].Value;
        if (p.ProductRow is { } n && n >= 1 && n <= productRows.Count) return excel.At(ProductSheet, productRows[n - 1], null, null, message);
        if (p.IndicatorCode is { } code && indicatorRow(code) is { } row)
            return p.Column is { } column
                ? excel.At(IndicatorSheet, row, letter(code, column), null, message)
                : excel.At(IndicatorSheet, row, null, null, message);
        return T["工作表“{0}”：{1}", IndicatorSheet, message];
    }

    /// <summary>The 说明 sheet as label → value cell, or null (with an error) when it is missing.</summary>
    private Dictionary<string, ExcelCell>? ReadInfo(ExcelWorkbook book, List<string> errors)
    {
        var sheet = book.Sheet(InfoSheet);
        if (sheet is null)
        {
            errors.Add(T["缺少工作表“{0}”：请使用下载的模板。", InfoSheet]);
            return null;
        }
        var info = new Dictionary<string, ExcelCell>();
        foreach (var row in sheet.Rows)
            if (Text(row["A"]?.Value) is { } label && row["B"] is { } value) info.TryAdd(label, value);
        return info;
    }

    private void CheckPeriod(Dictionary<string, ExcelCell> info, ReportPeriod period, List<string> errors)
    {
        var cell = info.GetValueOrDefault(PeriodLabel);
        // Excel may have turned "2021-08" into a date.
        var text = cell?.Value is DateTime d ? d.ToString("yyyy-MM", CultureInfo.InvariantCulture) : Text(cell?.Value);
        if (!ReportPeriod.TryParse(text, out var filed) || filed != period)
            errors.Add(At(cell, InfoSheet, T["文件的报表月份“{0}”与所选月份 {1} 不一致：请选择正确的月份或下载该月的模板。", text ?? "", period.ToString()]));
    }

    private string At(ExcelCell? cell, string sheet, string message) =>
        cell is null ? T["工作表“{0}”：{1}", sheet, message] : excel.At(cell, message);

    /// <summary>The sheet with exactly the expected titles in row 1 and no cells beyond them; null (with errors) otherwise.</summary>
    private ExcelSheetData? Sheet(ExcelWorkbook book, string name, IReadOnlyList<string> titles, List<string> errors)
    {
        var sheet = book.Sheet(name);
        if (sheet is null)
        {
            errors.Add(T["缺少工作表“{0}”：请使用下载的模板。", name]);
            return null;
        }
        var before = errors.Count;
        for (var i = 0; i < titles.Count; i++)
        {
            var letter = ExcelColumns.Letter(i + 1);
            if (sheet.Titles.GetValueOrDefault(letter) != titles[i])
                errors.Add(excel.At(name, 1, letter, null, T["列标题应为“{0}”：请使用下载的模板，不要增删或移动列。", titles[i]]));
        }
        foreach (var (letter, title) in sheet.Titles.Where(t => ExcelColumns.Number(t.Key) > titles.Count).OrderBy(t => ExcelColumns.Number(t.Key)))
            errors.Add(excel.At(name, 1, letter, title, T["多余的列：模板只有 {0} 列，请删除。", titles.Count]));
        foreach (var cell in sheet.Rows.SelectMany(r => r.Cells).Where(c => c.ColumnNumber > titles.Count && !sheet.Titles.ContainsKey(c.Column)).Take(20))
            errors.Add(excel.At(cell, T["多余的列：模板只有 {0} 列，请删除。", titles.Count]));
        return errors.Count == before ? sheet : null;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Trim() is { Length: > 0 } t ? t : null,
        double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
