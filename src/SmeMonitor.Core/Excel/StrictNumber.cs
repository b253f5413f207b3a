using System.Globalization;
using System.Text.RegularExpressions;

namespace SmeMonitor.Core.Excel;

/// <summary>Why a cell is not a number an import accepts.</summary>
public enum NumberProblem
{
    NotANumber,
    ThousandsSeparator,
    FullWidth,
    InnerSpace,
    TooManyDecimals,
    /// <summary>Beyond decimal(18,2): more than 16 digits before the point.</summary>
    OutOfRange,
}

/// <summary>The result of <see cref="StrictNumber.Parse"/>: a value, nothing (empty cell), or a problem.</summary>
public readonly record struct NumberParse(decimal? Value, NumberProblem? Problem)
{
    public bool IsEmpty => Value is null && Problem is null;
}

/// <summary>
/// Imports take numbers strictly (REP-12: digits, point, sign only): what Excel or a person might mean by
/// "1,234", "１２３" or "1 000" is refused with its own message rather than guessed.
/// </summary>
public static partial class StrictNumber
{
    /// <summary>The largest value of a decimal(18,2) column.</summary>
    public const decimal Max = 9_999_999_999_999_999.99m;
    public const int MaxDecimals = 2;

    [GeneratedRegex(@"^[+-]?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex Plain();

    /// <summary>
    /// A cell's value as <see cref="ExcelCell.Value"/> holds it (string, double, …) or null. Outer white space of
    /// text is ignored; an empty or blank cell gives an empty result.
    /// </summary>
    public static NumberParse Parse(object? value) => value switch
    {
        null => default,
        string s => ParseText(s),
        double d => double.IsFinite(d) ? Check(ToDecimal(d)) : new(null, NumberProblem.OutOfRange),
        float f => Parse((double)f),
        decimal m => Check(m),
        int or long or short or byte => Check(Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
        _ => new(null, NumberProblem.NotANumber),
    };

    private static decimal? ToDecimal(double d) =>
        Math.Abs(d) < (double)decimal.MaxValue ? (decimal)d : null; // the cast keeps 15 significant digits: 0.1 stays 0.1

    private static NumberParse Check(decimal? m)
    {
        if (m is not { } v || Math.Abs(v) > Max) return new(null, NumberProblem.OutOfRange);
        return v == Math.Round(v, MaxDecimals) ? new(v, null) : new(null, NumberProblem.TooManyDecimals);
    }

    private static NumberParse ParseText(string text)
    {
        var s = text.Trim();
        if (s.Length == 0) return default;
        // Full-width digits, point, signs and comma as a Chinese input method types them.
        if (s.Any(c => c is >= '０' and <= '９' or '．' or '－' or '＋' or '，' or '。')) return new(null, NumberProblem.FullWidth);
        if (s.Any(char.IsWhiteSpace)) return new(null, NumberProblem.InnerSpace);
        if (s.Contains(',') && s.Any(char.IsAsciiDigit)) return new(null, NumberProblem.ThousandsSeparator);
        if (!Plain().IsMatch(s)) return new(null, NumberProblem.NotANumber);
        var parts = s.TrimStart('+', '-').Split('.');
        if (parts[0].TrimStart('0').Length > 16) return new(null, NumberProblem.OutOfRange);
        if (parts.Length > 1 && parts[1].TrimEnd('0').Length > MaxDecimals) return new(null, NumberProblem.TooManyDecimals);
        return Check(decimal.Parse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
    }
}
