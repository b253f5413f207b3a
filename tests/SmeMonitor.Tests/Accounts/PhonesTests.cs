using SmeMonitor.Accounts.Services;

namespace SmeMonitor.Tests.Accounts;

public class PhonesTests
{
    [Theory]
    [InlineData("13912345678", "13912345678")]
    [InlineData(" 139 1234 5678 ", "13912345678")]
    [InlineData("139-1234-5678", "13912345678")]
    [InlineData("+8613912345678", "13912345678")]
    [InlineData("19912345678", "19912345678")]
    [InlineData("12912345678", null)]
    [InlineData("1391234567", null)]
    [InlineData("139123456789", null)]
    [InlineData("0571-88888888", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Only_mainland_mobile_numbers_are_accepted(string? input, string? expected) => Assert.Equal(expected, Phones.Normalize(input));

    [Fact]
    public void Messages_show_a_masked_number() => Assert.Equal("139****5678", Phones.Mask("13912345678"));
}
