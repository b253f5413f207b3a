using SmeMonitor.Core.Excel;

namespace SmeMonitor.Tests.Excel;

/// <summary>Import numbers: digits, point and sign only; everything else refused with its own message.</summary>
public class StrictNumberTests
{
    [Theory]
    [InlineData("123", "123")]
    [InlineData("  123.45 ", "123.45")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("+7", "7")]
    [InlineData("1.500", "1.5")]
    [InlineData("0012", "12")]
    [InlineData("9999999999999999.99", "9999999999999999.99")]
    [InlineData("-9999999999999999.99", "-9999999999999999.99")]
    public void Plain_numbers_in_text_are_taken(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), StrictNumber.Parse(text).Value);

    [Fact]
    public void Numeric_cells_are_taken_as_the_value_excel_shows()
    {
        Assert.Equal(0.1m, StrictNumber.Parse(0.1).Value);
        Assert.Equal(1234.56m, StrictNumber.Parse(1234.56).Value);
        Assert.Equal(0.3m, StrictNumber.Parse(0.1 + 0.2).Value); // 0.30000000000000004 in binary, 0.3 in the cell
        Assert.Equal(42m, StrictNumber.Parse(42).Value);
        Assert.Equal(-3.25m, StrictNumber.Parse(-3.25m).Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_cells_give_no_value_and_no_problem(string? text) => Assert.True(StrictNumber.Parse(text).IsEmpty);

    [Theory]
    [InlineData("1,234", NumberProblem.ThousandsSeparator)]
    [InlineData("1,234,567.00", NumberProblem.ThousandsSeparator)]
    [InlineData("１２３", NumberProblem.FullWidth)]
    [InlineData("12．5", NumberProblem.FullWidth)]
    [InlineData("－5", NumberProblem.FullWidth)]
    [InlineData("1 234", NumberProblem.InnerSpace)]
    [InlineData("12\u00A03", NumberProblem.InnerSpace)]
    [InlineData("12\u30003", NumberProblem.InnerSpace)]
    [InlineData("abc", NumberProblem.NotANumber)]
    [InlineData("十二", NumberProblem.NotANumber)]
    [InlineData("1e5", NumberProblem.NotANumber)]
    [InlineData("50%", NumberProblem.NotANumber)]
    [InlineData("¥100", NumberProblem.NotANumber)]
    [InlineData("1.2.3", NumberProblem.NotANumber)]
    [InlineData("--1", NumberProblem.NotANumber)]
    [InlineData(".5", NumberProblem.NotANumber)]
    [InlineData("1.234", NumberProblem.TooManyDecimals)]
    [InlineData("0.001", NumberProblem.TooManyDecimals)]
    [InlineData("0.0000000000000000000000000000001", NumberProblem.TooManyDecimals)]
    [InlineData("10000000000000000", NumberProblem.OutOfRange)]
    [InlineData("99999999999999999999999999999999999", NumberProblem.OutOfRange)]
    public void Text_that_is_not_a_plain_number_is_refused_with_its_reason(string text, NumberProblem problem)
    {
        var result = StrictNumber.Parse(text);
        Assert.Equal((null, problem), (result.Value, result.Problem));
    }

    [Fact]
    public void Numeric_cells_beyond_two_decimals_or_the_range_are_refused()
    {
        Assert.Equal(NumberProblem.TooManyDecimals, StrictNumber.Parse(1.005).Problem);
        Assert.Equal(NumberProblem.OutOfRange, StrictNumber.Parse(1e16).Problem);
        Assert.Equal(NumberProblem.OutOfRange, StrictNumber.Parse(1e300).Problem);
        Assert.Equal(NumberProblem.OutOfRange, StrictNumber.Parse(double.NaN).Problem);
        Assert.Equal(NumberProblem.NotANumber, StrictNumber.Parse(true).Problem);
        Assert.Equal(NumberProblem.NotANumber, StrictNumber.Parse(new DateTime(2024, 1, 1)).Problem);
    }

    [Fact]
    public async Task Each_problem_has_its_own_message_in_both_languages()
    {
        var excel = ExcelTestKit.Create();
        var problems = Enum.GetValues<NumberProblem>();
        var chinese = problems.Select(p => excel.NumberMessage(p, "x")).ToList();
        Assert.Equal(problems.Length, chinese.Distinct().Count());
        Assert.Equal("“1.234”的小数超过 2 位", excel.NumberMessage(NumberProblem.TooManyDecimals, "1.234"));
        Assert.Equal("“１２３”含有全角字符：请用半角数字 0-9 和小数点", excel.NumberMessage(NumberProblem.FullWidth, "１２３"));

        var english = await ExcelTestKit.InCultureAsync("en", () => Task.FromResult(problems.Select(p => excel.NumberMessage(p, "x")).ToList()));
        Assert.Equal(problems.Length, english.Distinct().Count());
        Assert.All(english, m => Assert.DoesNotMatch("[\u4e00-\u9fff]", m));
        Assert.Equal("'1.234' has more than 2 decimal places", await ExcelTestKit.InCultureAsync("en", () => Task.FromResult(excel.NumberMessage(NumberProblem.TooManyDecimals, 1.234))));
    }
}
