namespace SmeMonitor.Core.Scripting;

/// <summary>
/// A rule input of rows of numbers, <c>{ row: { column: number | null } }</c>, held as one flat array (row by row): a
/// report's values — four columns per indicator, three reports per check — become JavaScript objects without a dictionary
/// per row or a boxed number per cell on the way.
/// </summary>
public sealed class RuleNumberRows
{
    public RuleNumberRows(IReadOnlyList<string> rows, IReadOnlyList<string> columns, decimal?[] cells)
    {
        if (cells.Length != rows.Count * columns.Count)
            throw new ArgumentException($"{rows.Count} rows of {columns.Count} columns need {rows.Count * columns.Count} cells, not {cells.Length}.", nameof(cells));
        (Rows, Columns, Cells) = (rows, columns, cells);
    }

    public IReadOnlyList<string> Rows { get; }
    public IReadOnlyList<string> Columns { get; }
    public decimal?[] Cells { get; }
}
