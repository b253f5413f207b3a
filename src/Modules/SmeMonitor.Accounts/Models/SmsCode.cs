using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Accounts.Models;

/// <summary>What an SMS verification code may be used for; a code works only for its own purpose.</summary>
public enum SmsCodePurpose
{
    Register,
    SignIn,
    ResetPassword,
    BindPhone,
    ChangePhone,
}

/// <summary>
/// One SMS verification code (短信验证码) sent to a phone: only its salted hash is kept. The rows also
/// serve as the record for the sending limits (per phone, per IP).
/// </summary>
public class SmsCode : IVersioned
{
    public long Id { get; set; }
    public SmsCodePurpose Purpose { get; set; }
    public string Phone { get; set; } = "";
    /// <summary>The account the code is for (sign-in, reset, bind, change); null for registration.</summary>
    public string? UserId { get; set; }
    public string Salt { get; set; } = "";
    public string CodeHash { get; set; } = "";
    public string Ip { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    /// <summary>Concurrency token: two requests racing with one code cannot both use it.</summary>
    public int Version { get; set; }
}

internal sealed class SmsCodeConfiguration : IEntityTypeConfiguration<SmsCode>
{
    public void Configure(EntityTypeBuilder<SmsCode> b)
    {
        b.ToTable("SmsCodes");
        b.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(32);
        b.Property(c => c.Phone).HasMaxLength(20);
        b.Property(c => c.UserId).HasMaxLength(64);
        b.Property(c => c.Salt).HasMaxLength(32);
        b.Property(c => c.CodeHash).HasMaxLength(64);
        b.Property(c => c.Ip).HasMaxLength(64);
        // SQLite cannot compare DateTimeOffset columns; as UTC ticks they compare on both providers.
        b.Property(c => c.CreatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(c => c.ExpiresAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(c => c.UsedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.HasIndex(c => new { c.Phone, c.CreatedAt });
        b.HasIndex(c => new { c.Ip, c.CreatedAt });
    }
}
