using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace SmeMonitor.Core.Excel;

/// <summary>Configuration section "Excel": what an uploaded workbook may be.</summary>
public sealed class ExcelOptions
{
    public const string Section = "Excel";
    /// <summary>Largest accepted upload; a workbook that unzips to more than <see cref="UnzippedFactor"/> times this is refused too.</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>Most rows read from one sheet (the header row counts).</summary>
    public int MaxRows { get; set; } = 50_000;
    public const int UnzippedFactor = 20;
}

/// <summary>
/// Excel (.xlsx) files: writes sheets of typed columns from streamed rows, reads a workbook back as
/// sheets → rows → cells with the places users see (sheet, row number, column letter and title), refuses
/// files that are not workbooks with a message a person can act on, and says where a cell is wrong
/// (<see cref="At(ExcelCell, string)"/>). MiniExcel underneath: it streams, where ClosedXML holds the whole workbook.
/// </summary>
public sealed class ExcelService(IStringLocalizer<Strings> S, IOptions<ExcelOptions> options)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string WorkbookContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] CompoundFileMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private readonly ExcelOptions _options = options.Value;

    public long MaxFileBytes => _options.MaxFileBytes;

    /// <summary>Writes the sheets as one workbook: per sheet a header row of titles, then its rows.</summary>
    public async Task WriteAsync(Stream output, IReadOnlyList<ExcelSheet> sheets, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sheets.Count);
        if (sheets.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != sheets.Count)
            throw new ArgumentException("Sheet names must be unique.", nameof(sheets));
        var formats = new List<DynamicExcelColumn>();
        var data = new Dictionary<string, object>();
        for (var i = 0; i < sheets.Count; i++)
        {
            var sheet = sheets[i];
            ArgumentOutOfRangeException.ThrowIfZero(sheet.Columns.Count);
            // Keys unique in the workbook: MiniExcel's column formats are by key across all sheets.
            var keys = sheet.Columns.Select((_, c) => $"s{i}c{c}").ToArray();
            for (var c = 0; c < keys.Length; c++)
            {
                var column = sheet.Columns[c];
                var format = column.Type switch
                {
                    ExcelColumnType.Decimal => "0.00",
                    ExcelColumnType.Integer => "0",
                    ExcelColumnType.Date => "yyyy-MM-dd",
                    _ => null,
                };
                if (format is not null || column.Width is not null)
                    formats.Add(new DynamicExcelColumn(keys[c]) { Format = format, Width = column.Width ?? 9.14 });
            }
            data[sheet.Name] = sheet.RowsAsync is { } streamed ? RowsAsync(sheet, keys, streamed, ct) : Rows(sheet, keys);
        }
        // The header is written as the first row, so that a sheet without rows (a template) still has it.
        var configuration = new OpenXmlConfiguration { DynamicColumns = [.. formats], FreezeRowCount = 1 };
        await MiniExcel.SaveAsAsync(output, data, printHeader: false, excelType: ExcelType.XLSX, configuration: configuration, cancellationToken: ct);
    }

    public Task WriteAsync(Stream output, ExcelSheet sheet, CancellationToken ct = default) => WriteAsync(output, [sheet], ct);

    /// <summary>Writes the workbook to a file (replaced if it exists).</summary>
    public async Task WriteFileAsync(string path, IReadOnlyList<ExcelSheet> sheets, CancellationToken ct = default)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await WriteAsync(file, sheets, ct);
    }

    private static IEnumerable<IDictionary<string, object?>> Rows(ExcelSheet sheet, string[] keys)
    {
        var layout = new SheetLayout(sheet, keys);
        yield return Header(sheet, keys);
        foreach (var row in sheet.Rows) yield return layout.Cells(row);
    }

    private static async IAsyncEnumerable<IDictionary<string, object?>> RowsAsync(ExcelSheet sheet, string[] keys,
        IAsyncEnumerable<IReadOnlyList<object?>> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        var layout = new SheetLayout(sheet, keys);
        yield return Header(sheet, keys);
        await foreach (var row in rows.WithCancellation(ct)) yield return layout.Cells(row);
    }

    private static Dictionary<string, object?> Header(ExcelSheet sheet, string[] keys)
    {
        var header = new Dictionary<string, object?>(keys.Length);
        for (var c = 0; c < keys.Length; c++) header[keys[c]] = sheet.Columns[c].Title;
        return header;
    }

    /// <summary>The keys and column types of a sheet, shared by all its rows.</summary>
    private sealed class SheetLayout(ExcelSheet sheet, string[] keys)
    {
        public readonly string[] Keys = keys;
        public readonly Dictionary<string, int> Index = keys.Select((k, c) => (k, c)).ToDictionary(x => x.k, x => x.c, StringComparer.Ordinal);
        public readonly ExcelColumnType[] Types = [.. sheet.Columns.Select(c => c.Type)];

        public RowCells Cells(IReadOnlyList<object?> row) => row.Count <= Keys.Length ? new RowCells(this, row)
            : throw new ArgumentException($"Sheet '{sheet.Name}' has {Keys.Length} columns, a row has {row.Count} values.");
    }

    /// <summary>
    /// A row as MiniExcel takes it (a dictionary by column key), viewed over the caller's values instead of copied into a
    /// dictionary per row: each cell is converted to its column's type when MiniExcel reads it.
    /// </summary>
    private sealed class RowCells(SheetLayout layout, IReadOnlyList<object?> row) : IDictionary<string, object?>
    {
        private object? At(int c) => c < row.Count ? CellValue(layout.Types[c], row[c]) : null;

        public object? this[string key]
        {
            get => At(layout.Index[key]);
            set => throw new NotSupportedException();
        }

        public ICollection<string> Keys => layout.Keys;
        public ICollection<object?> Values => [.. Enumerable.Range(0, layout.Keys.Length).Select(At)];
        public int Count => layout.Keys.Length;
        public bool IsReadOnly => true;
        public bool ContainsKey(string key) => layout.Index.ContainsKey(key);

        public bool TryGetValue(string key, out object? value)
        {
            var found = layout.Index.TryGetValue(key, out var c);
            value = found ? At(c) : null;
            return found;
        }

        public bool Contains(KeyValuePair<string, object?> item) => TryGetValue(item.Key, out var value) && Equals(value, item.Value);

        public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
        {
            foreach (var item in this) array[arrayIndex++] = item;
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var c = 0; c < layout.Keys.Length; c++) yield return new(layout.Keys[c], At(c));
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public void Add(string key, object? value) => throw new NotSupportedException();
        public void Add(KeyValuePair<string, object?> item) => throw new NotSupportedException();
        public bool Remove(string key) => throw new NotSupportedException();
        public bool Remove(KeyValuePair<string, object?> item) => throw new NotSupportedException();
        public void Clear() => throw new NotSupportedException();
    }

    /// <summary>The value as the column's type writes it; text (e.g. "—" in a number column) stays text.</summary>
    private static object? CellValue(ExcelColumnType type, object? value) => value switch
    {
        null => null,
        string s => s,
        _ => type switch
        {
            ExcelColumnType.Text => Convert.ToString(value, CultureInfo.InvariantCulture),
            ExcelColumnType.Decimal => value is decimal ? value : Convert.ToDecimal(value, CultureInfo.InvariantCulture),
            ExcelColumnType.Integer => value is decimal or double or float ? Convert.ToDecimal(value, CultureInfo.InvariantCulture) : Convert.ToInt64(value, CultureInfo.InvariantCulture),
            ExcelColumnType.Date => value switch
            {
                DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                DateTimeOffset o => o.DateTime,
                DateTime t => t,
                _ => throw new ArgumentException($"A date column cannot hold {value.GetType().Name}."),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        },
    };

    /// <summary>
    /// Reads a whole uploaded workbook (the stream is read to its end, at most Excel:MaxFileBytes). With
    /// <paramref name="headerRow"/>, row 1 of each sheet gives the column titles. Throws
    /// <see cref="ExcelFileException"/> for an empty, too large, non-.xlsx or damaged file.
    /// </summary>
    public async Task<ExcelWorkbook> ReadAsync(Stream input, bool headerRow = true, CancellationToken ct = default)
    {
        using var buffer = await BufferAsync(input, ct);
        CheckSignature(buffer);
        CheckPackage(buffer);
        try
        {
            buffer.Position = 0;
            var names = MiniExcel.GetSheetNames(buffer);
            var sheets = new List<ExcelSheetData>(names.Count);
            foreach (var name in names)
            {
                buffer.Position = 0;
                sheets.Add(ReadSheet(buffer, name, headerRow, ct));
            }
            if (sheets.All(s => s.Rows.Count == 0 && s.Titles.Count == 0))
                throw Refuse(ExcelFileProblem.Empty, S["文件中没有任何数据"]);
            return new ExcelWorkbook(sheets);
        }
        catch (Exception e) when (e is not (ExcelFileException or OperationCanceledException))
        {
            throw Refuse(ExcelFileProblem.Damaged, S["文件已损坏，无法读取；请在 Excel 中打开并另存为 .xlsx 后再上传"], e);
        }
    }

    private ExcelSheetData ReadSheet(Stream buffer, string name, bool headerRow, CancellationToken ct)
    {
        var titles = new Dictionary<string, string>();
        var rows = new List<ExcelRow>();
        var number = 0;
        // MiniExcel yields every row from row 1 on, empty ones included, so the count is Excel's row number.
        foreach (IDictionary<string, object?> values in MiniExcel.Query(buffer, useHeaderRow: false, sheetName: name, excelType: ExcelType.XLSX))
        {
            if (++number > _options.MaxRows)
                throw Refuse(ExcelFileProblem.TooManyRows, S["工作表“{0}”超过 {1} 行：请分成几个文件上传", name, _options.MaxRows]);
            if (number % 1000 == 0) ct.ThrowIfCancellationRequested();
            if (headerRow && number == 1)
            {
                foreach (var (column, value) in values)
                    if (Filled(value)) titles[column] = Convert.ToString(value, CultureInfo.InvariantCulture)!.Trim();
                continue;
            }
            List<ExcelCell>? cells = null;
            foreach (var (column, value) in values)
                if (Filled(value))
                    (cells ??= []).Add(new ExcelCell(name, number, column, titles.GetValueOrDefault(column), value!));
            if (cells is not null) rows.Add(new ExcelRow(name, number, cells));
        }
        return new ExcelSheetData(name, titles, rows);
    }

    private static bool Filled(object? value) => value is not null && (value is not string s || !string.IsNullOrWhiteSpace(s));

    private async Task<MemoryStream> BufferAsync(Stream input, CancellationToken ct)
    {
        if (input.CanSeek && input.Length - input.Position > _options.MaxFileBytes) throw TooLarge();
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(chunk, ct)) > 0)
        {
            // Counted while copying: a declared length can lie.
            if (buffer.Length + read > _options.MaxFileBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw Refuse(ExcelFileProblem.Empty, S["文件是空的"]);
        return buffer;
    }

    private void CheckSignature(MemoryStream buffer)
    {
        var head = buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, 8));
        if (head.StartsWith(CompoundFileMagic))
            throw Refuse(ExcelFileProblem.OldXls, S["这是旧版 Excel（.xls）文件或设置了密码的工作簿：请在 Excel 中另存为 .xlsx（不设密码）后再上传"]);
        if (!head.StartsWith(ZipMagic))
            throw Refuse(ExcelFileProblem.NotXlsx, S["这不是 Excel（.xlsx）文件：请上传用模板填写的 .xlsx 文件"]);
    }

    /// <summary>A zip is a workbook when its content types declare a workbook part; its unzipped size is bounded (zip bombs).</summary>
    private void CheckPackage(MemoryStream buffer)
    {
        buffer.Position = 0;
        try
        {
            using var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Sum(e => e.Length) > _options.MaxFileBytes * ExcelOptions.UnzippedFactor) throw TooLarge();
            var types = zip.GetEntry("[Content_Types].xml");
            string text;
            using (var reader = types is null ? null : new StreamReader(types.Open()))
                text = reader is null ? "" : reader.ReadToEnd();
            if (!text.Contains(WorkbookContentType, StringComparison.OrdinalIgnoreCase))
                throw Refuse(ExcelFileProblem.NotWorkbook, S["这个压缩文件不是 Excel 工作簿：请上传用模板填写的 .xlsx 文件"]);
        }
        catch (InvalidDataException e)
        {
            throw Refuse(ExcelFileProblem.Damaged, S["文件已损坏，无法读取；请在 Excel 中打开并另存为 .xlsx 后再上传"], e);
        }
    }

    private ExcelFileException TooLarge() =>
        Refuse(ExcelFileProblem.TooLarge, S["文件超过大小限制 {0} MB：请分成几个文件上传",
            (_options.MaxFileBytes / 1024d / 1024d).ToString("0.#", CultureInfo.InvariantCulture)]);

    private static ExcelFileException Refuse(ExcelFileProblem problem, string message, Exception? inner = null) => new(problem, message, inner);

    /// <summary>
    /// Parses an imported number strictly (<see cref="StrictNumber"/>); a refusal comes with its localized message.
    /// </summary>
    public (NumberParse Result, string? Message) ParseNumber(object? value)
    {
        var result = StrictNumber.Parse(value);
        return (result, result.Problem is { } problem ? NumberMessage(problem, value) : null);
    }

    /// <summary>What is wrong with the value, e.g. “1,234”含有千位分隔符（,）：请去掉逗号.</summary>
    public string NumberMessage(NumberProblem problem, object? value)
    {
        var shown = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture);
        return problem switch
        {
            NumberProblem.ThousandsSeparator => S["“{0}”含有千位分隔符（,）：请去掉逗号", shown!],
            NumberProblem.FullWidth => S["“{0}”含有全角字符：请用半角数字 0-9 和小数点", shown!],
            NumberProblem.InnerSpace => S["“{0}”中间有空格：请去掉空格", shown!],
            NumberProblem.TooManyDecimals => S["“{0}”的小数超过 {1} 位", shown!, StrictNumber.MaxDecimals],
            NumberProblem.OutOfRange => S["“{0}”超出范围：整数部分最多 16 位", shown!],
            _ => S["“{0}”不是数字：只能填写数字、小数点和正负号", shown!],
        };
    }

    /// <summary>A message placed at a cell: 工作表“X”第 N 行第 C 列（标题）：message.</summary>
    public string At(ExcelCell cell, string message) => At(cell.Sheet, cell.Row, cell.Column, cell.Title, message);

    /// <summary>A message placed at a row, or at a cell of it when <paramref name="column"/> is given (e.g. a missing value).</summary>
    public string At(string sheet, int row, string? column, string? title, string message) =>
        column is null ? S["工作表“{0}”第 {1} 行：{2}", sheet, row, message]
        : string.IsNullOrEmpty(title) ? S["工作表“{0}”第 {1} 行第 {2} 列：{3}", sheet, row, column, message]
        : S["工作表“{0}”第 {1} 行第 {2} 列（{3}）：{4}", sheet, row, column, title, message];
}
