namespace SmeMonitor.Core.Excel;

/// <summary>What a written column holds; decides the cell type and number format.</summary>
public enum ExcelColumnType
{
    /// <summary>Written as text, whatever the value (a credit code stays "0123…", not a number).</summary>
    Text,
    /// <summary>A number shown with two decimals (amounts: 万元, 千元).</summary>
    Decimal,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A date shown as yyyy-MM-dd.</summary>
    Date,
}

/// <param name="Title">Header text (列标题).</param>
/// <param name="Width">Column width in Excel character units; null = Excel's default.</param>
public sealed record ExcelColumn(string Title, ExcelColumnType Type = ExcelColumnType.Text, double? Width = null);

/// <summary>
/// A sheet to write: a header row of column titles, then one row per item of <see cref="Rows"/> (or of
/// <see cref="RowsAsync"/>), each a list of values in column order. The rows are enumerated once, while writing, so they
/// can be streamed from a query.
/// </summary>
public sealed record ExcelSheet(string Name, IReadOnlyList<ExcelColumn> Columns, IEnumerable<IReadOnlyList<object?>> Rows)
{
    /// <summary>A sheet whose rows are read asynchronously while it is written, e.g. page by page from the database: memory stays flat.</summary>
    public ExcelSheet(string name, IReadOnlyList<ExcelColumn> columns, IAsyncEnumerable<IReadOnlyList<object?>> rows) : this(name, columns, [])
        => RowsAsync = rows;

    /// <summary>The rows when they come asynchronously (then <see cref="Rows"/> is empty).</summary>
    public IAsyncEnumerable<IReadOnlyList<object?>>? RowsAsync { get; }
}

/// <summary>A workbook as read: its sheets in workbook order.</summary>
public sealed record ExcelWorkbook(IReadOnlyList<ExcelSheetData> Sheets)
{
    /// <summary>The sheet of that name (exact), or null.</summary>
    public ExcelSheetData? Sheet(string name) => Sheets.FirstOrDefault(s => s.Name == name);
}

/// <summary>
/// A sheet as read (工作表). With a header row, <see cref="Titles"/> holds row 1 by column letter and
/// <see cref="Rows"/> start at row 2; empty rows are left out, numbers stay those Excel shows.
/// </summary>
public sealed record ExcelSheetData(string Name, IReadOnlyDictionary<string, string> Titles, IReadOnlyList<ExcelRow> Rows);

/// <summary>A non-empty row (行): its 1-based number as Excel shows it, and its non-empty cells left to right.</summary>
public sealed record ExcelRow(string Sheet, int Number, IReadOnlyList<ExcelCell> Cells)
{
    /// <summary>The cell in that column (letter, e.g. "C"), or null when it is empty.</summary>
    public ExcelCell? this[string column] => Cells.FirstOrDefault(c => c.Column == column);
}

/// <summary>
/// A non-empty cell (单元格). <see cref="Value"/> is what the file holds: a string, a double for numbers,
/// a DateTime for date-formatted numbers, a bool. <see cref="Title"/> is its column's header, when there is one.
/// </summary>
public sealed record ExcelCell(string Sheet, int Row, string Column, string? Title, object Value)
{
    /// <summary>1-based column number: A = 1, Z = 26, AA = 27.</summary>
    public int ColumnNumber => ExcelColumns.Number(Column);
}

/// <summary>Column letters ↔ numbers.</summary>
public static class ExcelColumns
{
    /// <summary>1 → A, 26 → Z, 27 → AA.</summary>
    public static string Letter(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        var letters = "";
        for (; number > 0; number = (number - 1) / 26)
            letters = (char)('A' + (number - 1) % 26) + letters;
        return letters;
    }

    /// <summary>A → 1, AA → 27.</summary>
    public static int Number(string letter) => letter.Aggregate(0, (n, c) => n * 26 + (char.ToUpperInvariant(c) - 'A' + 1));
}
