namespace SmeMonitor.Core.Excel;

/// <summary>Why an uploaded file cannot be read as a workbook.</summary>
public enum ExcelFileProblem
{
    /// <summary>No bytes, or a workbook without a single filled cell.</summary>
    Empty,
    /// <summary>Over Excel:MaxFileBytes (or far larger once unzipped).</summary>
    TooLarge,
    /// <summary>More rows than Excel:MaxRows in a sheet.</summary>
    TooManyRows,
    /// <summary>An Excel 97-2003 .xls (or a password-protected workbook: both are OLE compound files).</summary>
    OldXls,
    /// <summary>Not a zip at all: text, CSV, an image, random bytes.</summary>
    NotXlsx,
    /// <summary>A zip that is not an Excel workbook (e.g. a .docx or an archive renamed .xlsx).</summary>
    NotWorkbook,
    /// <summary>Looks like a workbook but cannot be read.</summary>
    Damaged,
}

/// <summary>A file refused by <see cref="ExcelService.ReadAsync"/>; the message is localized for the user.</summary>
public sealed class ExcelFileException(ExcelFileProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public ExcelFileProblem Problem { get; } = problem;
}
