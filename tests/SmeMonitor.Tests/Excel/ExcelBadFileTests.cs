using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using SmeMonitor.Core.Excel;

namespace SmeMonitor.Tests.Excel;

/// <summary>Files that are not usable workbooks are refused with their own localized message, before anything is read.</summary>
public class ExcelBadFileTests
{
    private static readonly ExcelColumn[] Columns = [new("名称"), new("数值", ExcelColumnType.Decimal)];

    private static async Task<ExcelFileException> RefusedAsync(byte[] file, ExcelOptions? options = null) =>
        await Assert.ThrowsAsync<ExcelFileException>(() => ExcelTestKit.Create(options).ReadAsync(file));

    private static async Task<byte[]> WorkbookAsync(int rows) =>
        await ExcelTestKit.Create().WriteAsync(new ExcelSheet("甲", Columns, Enumerable.Range(0, rows).Select(i => new object?[] { $"r{i}", (decimal)i })));

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        return output.ToArray();
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var e = await RefusedAsync([]);
        Assert.Equal((ExcelFileProblem.Empty, "文件是空的"), (e.Problem, e.Message));
    }

    [Fact]
    public async Task A_workbook_without_any_cell_is_refused_as_empty()
    {
        using var output = new MemoryStream();
        MiniExcel.SaveAs(output, new List<Dictionary<string, object>>(), printHeader: false);
        var e = await RefusedAsync(output.ToArray());
        Assert.Equal((ExcelFileProblem.Empty, "文件中没有任何数据"), (e.Problem, e.Message));
    }

    [Fact]
    public async Task Random_bytes_are_not_an_xlsx()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        var e = await RefusedAsync(bytes);
        Assert.Equal(ExcelFileProblem.NotXlsx, e.Problem);
        Assert.Equal("这不是 Excel（.xlsx）文件：请上传用模板填写的 .xlsx 文件", e.Message);
    }

    [Fact]
    public async Task A_csv_renamed_xlsx_is_not_an_xlsx()
    {
        var e = await RefusedAsync(Encoding.UTF8.GetBytes("统一社会信用代码,本月\n91330100MA2XXXXX0X,12.5\n"));
        Assert.Equal(ExcelFileProblem.NotXlsx, e.Problem);
    }

    [Fact]
    public async Task An_old_xls_file_is_told_to_be_saved_as_xlsx()
    {
        // An Excel 97-2003 file starts with the OLE compound file signature.
        var bytes = new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.Concat(new byte[504]).ToArray();
        var e = await RefusedAsync(bytes);
        Assert.Equal(ExcelFileProblem.OldXls, e.Problem);
        Assert.Contains(".xls", e.Message);
    }

    [Fact]
    public async Task A_zip_that_is_not_a_workbook_is_refused()
    {
        Assert.Equal(ExcelFileProblem.NotWorkbook, (await RefusedAsync(Zip(("readme.txt", "hello")))).Problem);
        // A Word document is an Office zip too, with another main part.
        var docx = Zip(("[Content_Types].xml", "<Types><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
            ("word/document.xml", "<w:document/>"));
        var e = await RefusedAsync(docx);
        Assert.Equal((ExcelFileProblem.NotWorkbook, "这个压缩文件不是 Excel 工作簿：请上传用模板填写的 .xlsx 文件"), (e.Problem, e.Message));
    }

    [Fact]
    public async Task A_truncated_workbook_is_damaged()
    {
        var file = await WorkbookAsync(200);
        Assert.Equal(ExcelFileProblem.Damaged, (await RefusedAsync(file[..(file.Length / 2)])).Problem);
    }

    [Fact]
    public async Task A_workbook_whose_sheet_is_not_xml_is_damaged()
    {
        var file = Zip(("[Content_Types].xml", "<Types><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>"),
            ("xl/workbook.xml", "not xml at all"));
        var e = await RefusedAsync(file);
        Assert.Equal(ExcelFileProblem.Damaged, e.Problem);
        Assert.Equal("文件已损坏，无法读取；请在 Excel 中打开并另存为 .xlsx 后再上传", e.Message);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_even_when_its_length_is_unknown()
    {
        var file = await WorkbookAsync(2_000);
        var options = new ExcelOptions { MaxFileBytes = file.Length - 1 };
        var e = await RefusedAsync(file, options);
        Assert.Equal(ExcelFileProblem.TooLarge, e.Problem);
        Assert.StartsWith("文件超过大小限制", e.Message);

        var unseekable = await Assert.ThrowsAsync<ExcelFileException>(() => ExcelTestKit.Create(options).ReadAsync(new UnseekableStream(file)));
        Assert.Equal(ExcelFileProblem.TooLarge, unseekable.Problem);
        Assert.Equal(2_000, (await ExcelTestKit.Create().ReadAsync(new UnseekableStream(file))).Sheets[0].Rows.Count);
    }

    [Fact]
    public async Task A_small_zip_that_unzips_to_a_huge_file_is_refused()
    {
        var bomb = Zip(("[Content_Types].xml", ""), ("xl/sharedStrings.xml", new string('x', 2_100_000)));
        var e = await RefusedAsync(bomb, new ExcelOptions { MaxFileBytes = 100_000 });
        Assert.True(bomb.Length < 100_000);
        Assert.Equal(ExcelFileProblem.TooLarge, e.Problem);
    }

    [Fact]
    public async Task A_sheet_over_the_row_limit_is_refused()
    {
        var file = await WorkbookAsync(20);
        Assert.Equal(20, (await ExcelTestKit.Create(new ExcelOptions { MaxRows = 21 }).ReadAsync(file)).Sheets[0].Rows.Count);
        var e = await RefusedAsync(file, new ExcelOptions { MaxRows = 20 });
        Assert.Equal((ExcelFileProblem.TooManyRows, "工作表“甲”超过 20 行：请分成几个文件上传"), (e.Problem, e.Message));
    }

    [Fact]
    public async Task Refusals_are_localized()
    {
        var e = await ExcelTestKit.InCultureAsync("en", () => RefusedAsync(Encoding.UTF8.GetBytes("a,b\n1,2\n")));
        Assert.Equal("This is not an Excel (.xlsx) file: upload the .xlsx file filled in from the template", e.Message);
    }

    /// <summary>A request body: no length, no seeking.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
