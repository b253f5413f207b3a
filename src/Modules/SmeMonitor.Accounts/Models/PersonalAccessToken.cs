using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Accounts.Models;

/// <summary>
/// A personal access token (个人访问令牌) for the API: the holder acts as the user. Only the SHA-256
/// of the token is stored; the token itself is shown once when it is created.
/// </summary>
public class PersonalAccessToken
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string TokenHash { get; set; } = "";
    /// <summary>The first characters of the token, so the user can tell tokens apart.</summary>
    public string Prefix { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public User? User { get; set; }
}

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> b)
    {
        b.ToTable("PersonalAccessTokens");
        b.Property(t => t.UserId).HasMaxLength(64);
        b.Property(t => t.Name).HasMaxLength(64);
        b.Property(t => t.TokenHash).HasMaxLength(64).IsUnicode(false);
        b.Property(t => t.Prefix).HasMaxLength(16);
        b.Property(t => t.CreatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(t => t.ExpiresAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(t => t.LastUsedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.Property(t => t.RevokedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasIndex(t => t.UserId);
        b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
