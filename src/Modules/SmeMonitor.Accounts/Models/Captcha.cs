using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SmeMonitor.Accounts.Models;

/// <summary>A picture captcha (图形验证码) shown once: its salted hash until it is answered or expires.</summary>
public class Captcha
{
    public Guid Id { get; set; }
    public string Salt { get; set; } = "";
    public string CodeHash { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class CaptchaConfiguration : IEntityTypeConfiguration<Captcha>
{
    public void Configure(EntityTypeBuilder<Captcha> b)
    {
        b.ToTable("Captchas");
        b.Property(c => c.Salt).HasMaxLength(32);
        b.Property(c => c.CodeHash).HasMaxLength(64);
        b.Property(c => c.ExpiresAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.HasIndex(c => c.ExpiresAt);
    }
}
