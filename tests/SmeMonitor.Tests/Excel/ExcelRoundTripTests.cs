using SmeMonitor.Core.Excel;

namespace SmeMonitor.Tests.Excel;

/// <summary>Workbooks written by ExcelService read back with the same values, places and titles.</summary>
public class ExcelRoundTripTests
{
    private static readonly ExcelColumn[] Columns =
    [
        new("统一社会信用代码"), new("本月", ExcelColumnType.Decimal, 14), new("人数", ExcelColumnType.Integer), new("填报日期", ExcelColumnType.Date),
    ];

    [Fact]
    public async Task Sheets_rows_and_typed_cells_read_back_with_row_numbers_column_letters_and_titles()
    {
        var excel = ExcelTestKit.Create();
        object?[][] rows =
        [
            ["0123456789ABCDEFGH", 1234.5m, 12, new DateOnly(2024, 1, 31)],
            [null, null, null, null], // an empty row: left out when read, the numbers after it stay Excel's
            ["91330100MA2XXXXX0X", -0.01m, 0L, new DateTime(2024, 2, 29)],
        ];
        var file = await excel.WriteAsync(
            new ExcelSheet("主要指标", Columns, rows),
            new ExcelSheet("说明", [new ExcelColumn("项目"), new ExcelColumn("内容")], [["期别", "2024年1月"]]));

        var book = await excel.ReadAsync(file);

        Assert.Equal(["主要指标", "说明"], book.Sheets.Select(s => s.Name));
        var sheet = book.Sheet("主要指标")!;
        Assert.Equal(new Dictionary<string, string> { ["A"] = "统一社会信用代码", ["B"] = "本月", ["C"] = "人数", ["D"] = "填报日期" }, sheet.Titles);
        Assert.Equal([2, 4], sheet.Rows.Select(r => r.Number));
        var first = sheet.Rows[0];
        Assert.Equal("0123456789ABCDEFGH", first["A"]!.Value);
        Assert.Equal(1234.5, first["B"]!.Value);
        Assert.Equal(12.0, first["C"]!.Value);
        Assert.Equal(new DateTime(2024, 1, 31), first["D"]!.Value);
        var last = sheet.Rows[1];
        Assert.Equal(-0.01m, StrictNumber.Parse(last["B"]!.Value).Value);
        Assert.Equal(0m, StrictNumber.Parse(last["C"]!.Value).Value);
        Assert.Equal(("主要指标", 4, "B", "本月", 2), (last["B"]!.Sheet, last["B"]!.Row, last["B"]!.Column, last["B"]!.Title, last["B"]!.ColumnNumber));
        Assert.Equal("2024年1月", book.Sheet("说明")!.Rows.Single()["B"]!.Value);
    }

    [Fact]
    public async Task Rows_read_asynchronously_are_pulled_one_by_one_while_the_sheet_is_written()
    {
        var excel = ExcelTestKit.Create();
        var pulled = 0;
        async IAsyncEnumerable<IReadOnlyList<object?>> Rows()
        {
            for (var i = 1; i <= 2500; i++)
            {
                if (i % 500 == 0) await Task.Yield(); // as a page read from the database
                pulled++;
                yield return [$"code{i}", i / 100m, i, null];
            }
        }
        var file = await excel.WriteAsync(
            new ExcelSheet("报表", Columns, Rows()),
            new ExcelSheet("产品", [new ExcelColumn("名称")], [["电机"]]));

        Assert.Equal(2500, pulled);
        var book = await excel.ReadAsync(file);
        var sheet = book.Sheet("报表")!;
        Assert.Equal("统一社会信用代码", sheet.Titles["A"]);
        Assert.Equal(Enumerable.Range(2, 2500), sheet.Rows.Select(r => r.Number));
        Assert.Equal(("code2500", 25.0, 2500.0), ((string)sheet.Rows[^1]["A"]!.Value, (double)sheet.Rows[^1]["B"]!.Value, (double)sheet.Rows[^1]["C"]!.Value));
        Assert.Equal("电机", book.Sheet("产品")!.Rows.Single()["A"]!.Value);
    }

    [Fact]
    public async Task A_sheet_without_rows_keeps_its_header_as_a_template()
    {
        var excel = ExcelTestKit.Create();
        var book = await excel.ReadAsync(await excel.WriteAsync(new ExcelSheet("模板", Columns, [])));
        var sheet = book.Sheets.Single();
        Assert.Equal(4, sheet.Titles.Count);
        Assert.Empty(sheet.Rows);
    }

    [Fact]
    public async Task Without_a_header_row_row_one_is_data()
    {
        var excel = ExcelTestKit.Create();
        var book = await excel.ReadAsync(await excel.WriteAsync(new ExcelSheet("甲", Columns, [["x", 1m, 2, null]])), headerRow: false);
        var sheet = book.Sheets.Single();
        Assert.Empty(sheet.Titles);
        Assert.Equal([1, 2], sheet.Rows.Select(r => r.Number));
        Assert.Equal("本月", sheet.Rows[0]["B"]!.Value);
        Assert.Null(sheet.Rows[1]["B"]!.Title);
    }

    [Fact]
    public async Task Many_rows_stream_through_and_read_back()
    {
        var excel = ExcelTestKit.Create();
        var columns = Enumerable.Range(1, 20).Select(i => new ExcelColumn($"列{i}", ExcelColumnType.Decimal)).ToArray();
        var rows = Enumerable.Range(0, 2_000).Select(r => (IReadOnlyList<object?>)Enumerable.Range(0, 20).Select(c => (object?)(r * 100m + c + 0.25m)).ToArray());
        var book = await excel.ReadAsync(await excel.WriteAsync(new ExcelSheet("数据", columns, rows)));
        var sheet = book.Sheets.Single();
        Assert.Equal(2_000, sheet.Rows.Count);
        Assert.Equal(2_001, sheet.Rows[^1].Number);
        Assert.Equal(199_919.25, sheet.Rows[^1]["T"]!.Value);
    }

    [Fact]
    public async Task Text_in_a_number_column_stays_text_and_text_columns_keep_leading_zeros()
    {
        var excel = ExcelTestKit.Create();
        var book = await excel.ReadAsync(await excel.WriteAsync(new ExcelSheet("甲", Columns, [["007", "—", 3.0m, "未填"]])));
        var row = book.Sheets.Single().Rows.Single();
        Assert.Equal("007", row["A"]!.Value);
        Assert.Equal("—", row["B"]!.Value);
        Assert.Equal(3.0, row["C"]!.Value);
        Assert.Equal("未填", row["D"]!.Value);
    }

    [Fact]
    public async Task Bad_arguments_are_programming_errors()
    {
        var excel = ExcelTestKit.Create();
        await Assert.ThrowsAsync<ArgumentException>(() => excel.WriteAsync(new ExcelSheet("甲", Columns, []), new ExcelSheet("甲", Columns, [])));
        await Assert.ThrowsAsync<ArgumentException>(() => excel.WriteAsync(new ExcelSheet("甲", Columns, [["a", 1m, 2, null, "extra"]])));
    }

    [Fact]
    public async Task Messages_name_the_sheet_row_column_and_title_in_either_language()
    {
        var excel = ExcelTestKit.Create();
        var cell = new ExcelCell("主要指标", 7, "C", "本月", "1,234");
        var (result, message) = excel.ParseNumber(cell.Value);
        Assert.Equal(NumberProblem.ThousandsSeparator, result.Problem);
        Assert.Equal("工作表“主要指标”第 7 行第 C 列（本月）：“1,234”含有千位分隔符（,）：请去掉逗号", excel.At(cell, message!));
        Assert.Equal("工作表“甲”第 3 行：缺少企业", excel.At("甲", 3, null, null, "缺少企业"));
        Assert.Equal("工作表“甲”第 3 行第 AB 列：x", excel.At("甲", 3, ExcelColumns.Letter(28), null, "x"));

        var english = await ExcelTestKit.InCultureAsync("en", () => Task.FromResult(excel.At(cell, excel.NumberMessage(NumberProblem.ThousandsSeparator, cell.Value))));
        Assert.Equal("Sheet '主要指标', row 7, column C (本月): '1,234' contains a thousands separator (,): remove the commas", english);
    }

    [Theory]
    [InlineData(1, "A")]
    [InlineData(26, "Z")]
    [InlineData(27, "AA")]
    [InlineData(702, "ZZ")]
    [InlineData(703, "AAA")]
    public void Column_letters_and_numbers_convert_both_ways(int number, string letter)
    {
        Assert.Equal(letter, ExcelColumns.Letter(number));
        Assert.Equal(number, ExcelColumns.Number(letter));
    }
}
