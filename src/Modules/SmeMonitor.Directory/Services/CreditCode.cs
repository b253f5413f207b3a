using System.Text.RegularExpressions;

namespace SmeMonitor.Directory.Services;

/// <summary>What is wrong with a 统一社会信用代码, if anything.</summary>
public enum CreditCodeError
{
    None,
    Empty,
    /// <summary>Not 18 characters.</summary>
    WrongLength,
    /// <summary>A character outside the code's alphabet (lower case, I, O, S, V, Z, punctuation) or a non-digit in the region part.</summary>
    InvalidCharacter,
    /// <summary>The 18th character does not match the first 17.</summary>
    WrongCheckCharacter,
}

/// <summary>
/// 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from a 31-character
/// alphabet without I, O, S, V, Z: [1] registering authority, [2] kind of organisation, [3–8] GB/T 2260
/// region, [9–17] organisation code, [18] check character. The check is strict: lower case is invalid
/// (callers that accept typed input may upper-case it first).
/// </summary>
public static class CreditCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    public const int Length = 18;

    private static readonly Regex Shape = new("^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$", RegexOptions.CultureInvariant);

    /// <summary>Wi = 3^(i-1) mod 31 for positions 1..17.</summary>
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(string? code) => Validate(code) == CreditCodeError.None;

    public static CreditCodeError Validate(string? code)
    {
        if (string.IsNullOrEmpty(code)) return CreditCodeError.Empty;
        if (code.Length != Length) return CreditCodeError.WrongLength;
        if (!Shape.IsMatch(code)) return CreditCodeError.InvalidCharacter;
        return CheckCharacter(code.AsSpan(0, Length - 1)) == code[Length - 1] ? CreditCodeError.None : CreditCodeError.WrongCheckCharacter;
    }

    /// <summary>
    /// The 18th character for the first 17: C18 = 31 − (Σ value·weight mod 31), where 31 becomes 0.
    /// </summary>
    /// <exception cref="ArgumentException">Not 17 characters of the alphabet.</exception>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1) throw new ArgumentException("needs the first 17 characters", nameof(first17));
        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(first17[i]);
            if (value < 0) throw new ArgumentException($"'{first17[i]}' is not a credit-code character", nameof(first17));
            sum += value * Weights[i];
        }
        return Alphabet[(31 - sum % 31) % 31];
    }
}

/// <summary>The user's-language message for a credit-code check.</summary>
public static class CreditCodeText
{
    public static string Describe(this Microsoft.Extensions.Localization.IStringLocalizer<Strings> T, CreditCodeError error) => error switch
    {
        CreditCodeError.None => T["统一社会信用代码有效。"],
        CreditCodeError.Empty => T["请填写统一社会信用代码。"],
        CreditCodeError.WrongLength => T["统一社会信用代码应为18位。"],
        CreditCodeError.InvalidCharacter => T["统一社会信用代码含有不允许的字符：只能是数字和大写字母（不含 I、O、S、V、Z），第3至8位须为数字。"],
        _ => T["统一社会信用代码的校验位不正确。"],
    };
}
