using System.Text.RegularExpressions;

namespace SmeMonitor.Accounts.Services;

/// <summary>Mainland China mobile numbers: 11 digits starting 13–19.</summary>
public static partial class Phones
{
    /// <summary>The number without spaces, hyphens or +86, or null when it is not a mobile number.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var s = input.Replace(" ", "").Replace("-", "").Trim();
        if (s.StartsWith("+86", StringComparison.Ordinal)) s = s[3..];
        return Mobile().IsMatch(s) ? s : null;
    }

    /// <summary>139****5678, for messages that tell where a code went.</summary>
    public static string Mask(string? phone) =>
        phone is { Length: 11 } ? phone[..3] + "****" + phone[7..] : "";

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex Mobile();
}
