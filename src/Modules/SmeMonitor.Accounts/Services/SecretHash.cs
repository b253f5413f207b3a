using System.Security.Cryptography;
using System.Text;

namespace SmeMonitor.Accounts.Services;

/// <summary>Salted hashes for short-lived secrets (SMS codes, captchas), compared in constant time.</summary>
internal static class SecretHash
{
    public static string NewSalt() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string salt, string secret) =>
        Convert.ToHexString(HMACSHA256.HashData(Convert.FromBase64String(salt), Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string salt, string hash, string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(salt, secret)), Encoding.ASCII.GetBytes(hash));

    /// <summary>A string of random digits, e.g. a 6-digit SMS code.</summary>
    public static string Digits(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        return new string(chars);
    }
}
