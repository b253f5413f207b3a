using SmeMonitor.Directory.Services;

namespace SmeMonitor.Tests.Directory;

public class CreditCodeTests
{
    [Theory]
    // The two worked examples of DOMAIN-DATA §4 (Σ = 831 → 6; Σ = 1640 → 3).
    [InlineData("914403001922038216")]
    [InlineData("91350100M000100Y43")]
    // Computed by hand with the GB 32100 weights (Σ in brackets): letters in the body, a letter as check
    // character, and a check value of 31 that becomes 0.
    [InlineData("91330106MA27XL0P1D")] // Σ 2529, mod 31 = 18, 31 − 18 = 13 → D
    [InlineData("92440300L12345678R")] // Σ 1401, mod 31 = 6, 31 − 6 = 25 → R
    [InlineData("12100000400000624D")] // Σ 328, mod 31 = 18 → D
    [InlineData("Y1110000000000000Q")] // Σ 69, mod 31 = 7, 31 − 7 = 24 → Q
    [InlineData("913301000000000170")] // Σ 372 = 12·31, 31 − 0 = 31 → 0
    [InlineData("91330100000000007Y")] // Σ 342, mod 31 = 1, 31 − 1 = 30 → Y
    public void Valid_codes_pass(string code)
    {
        Assert.Equal(CreditCodeError.None, CreditCode.Validate(code));
        Assert.True(CreditCode.IsValid(code));
        Assert.Equal(code[^1], CreditCode.CheckCharacter(code.AsSpan(0, 17)));
    }

    [Theory]
    [InlineData("914403001922038217", CreditCodeError.WrongCheckCharacter)]
    [InlineData("914403001922038210", CreditCodeError.WrongCheckCharacter)]
    [InlineData("91350100M000100Y44", CreditCodeError.WrongCheckCharacter)]
    [InlineData("914403001922038261", CreditCodeError.WrongCheckCharacter)] // two digits swapped
    [InlineData("91350100I000100Y43", CreditCodeError.InvalidCharacter)]
    [InlineData("91350100O000100Y43", CreditCodeError.InvalidCharacter)]
    [InlineData("91350100S000100Y43", CreditCodeError.InvalidCharacter)]
    [InlineData("91350100V000100Y43", CreditCodeError.InvalidCharacter)]
    [InlineData("91350100Z000100Y43", CreditCodeError.InvalidCharacter)]
    [InlineData("91350100M000100Y4Z", CreditCodeError.InvalidCharacter)]
    [InlineData("91350100m000100y43", CreditCodeError.InvalidCharacter)] // lower case
    [InlineData("9135010AM000100Y43", CreditCodeError.InvalidCharacter)] // a letter in the region part
    [InlineData("91350100M000100Y4-", CreditCodeError.InvalidCharacter)]
    [InlineData("91350100M000100Y4", CreditCodeError.WrongLength)]
    [InlineData("91350100M000100Y433", CreditCodeError.WrongLength)]
    [InlineData("440301503218654", CreditCodeError.WrongLength)] // a legacy 15-digit 工商注册号
    [InlineData(" 914403001922038216", CreditCodeError.WrongLength)]
    [InlineData("", CreditCodeError.Empty)]
    [InlineData(null, CreditCodeError.Empty)]
    public void Invalid_codes_fail_with_the_reason(string? code, CreditCodeError expected)
    {
        Assert.Equal(expected, CreditCode.Validate(code));
        Assert.False(CreditCode.IsValid(code));
    }

    [Fact]
    public void Every_single_character_change_of_a_valid_code_is_caught()
    {
        const string valid = "91350100M000100Y43";
        for (var i = 0; i < valid.Length; i++)
            foreach (var c in CreditCode.Alphabet.Where(c => c != valid[i]))
            {
                var changed = valid[..i] + c + valid[(i + 1)..];
                Assert.False(CreditCode.IsValid(changed), changed);
            }
    }

    [Fact]
    public void Check_character_needs_17_characters_of_the_alphabet()
    {
        Assert.Throws<ArgumentException>(() => CreditCode.CheckCharacter("9144030019220382"));
        Assert.Throws<ArgumentException>(() => CreditCode.CheckCharacter("91440300192203821".Replace('1', 'I')));
    }
}
