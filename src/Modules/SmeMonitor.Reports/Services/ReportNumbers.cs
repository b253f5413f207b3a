using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace SmeMonitor.Reports.Services;

/// <summary>
/// Reads a typed or imported number as the manual allows it (只能输入数字、小数点和正负号): optional sign, digits, one
/// point. Blank is null. Thousands separators, full-width digits, inner spaces and anything else are refused with a
/// message naming the problem, so the wizard and the import say the same thing.
/// </summary>
public static partial class ReportNumbers
{
    /// <returns>True with <paramref name="value"/> (null for blank), or false with a localized <paramref name="error"/>.</returns>
    public static bool TryParse(string? text, IStringLocalizer<Strings> T, out decimal? value, out string? error)
    {
        value = null;
        error = null;
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s)) return true;
        if (Plain().IsMatch(s) && decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
        {
            value = d;
            return true;
        }
        error = s.Any(c => c is >= '０' and <= '９' or '．' or '－' or '＋') ? T["请使用半角数字，不要输入全角字符。"]
            : s.Contains(',') || s.Contains('，') ? T["请不要输入千分位分隔符（逗号）。"]
            : s.Any(char.IsWhiteSpace) ? T["数字中间不能有空格。"]
            : T["只能输入数字、小数点和正负号。"];
        return false;
    }

    [GeneratedRegex(@"^[+-]?(\d{1,20}(\.\d{0,10})?|\.\d{1,10})$")]
    private static partial Regex Plain();
}
