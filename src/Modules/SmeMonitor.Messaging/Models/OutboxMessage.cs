using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SmeMonitor.Messaging.Models;

public enum MessageChannel
{
    Sms,
    Email,
}

public enum OutboxStatus
{
    /// <summary>Kept in the outbox only (development and tests): nothing left the platform.</summary>
    Stored,
    /// <summary>Accepted by the gateway or SMTP server.</summary>
    Sent,
    Failed,
}

/// <summary>One SMS or e-mail (发件箱): the delivery channel in development, the audit trail in production.</summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public MessageChannel Channel { get; set; }
    /// <summary>Phone number or e-mail address.</summary>
    public string To { get; set; } = "";
    public string? Subject { get; set; }
    public string Body { get; set; } = "";
    public string? Template { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public OutboxStatus Status { get; set; }
    public string Provider { get; set; } = "";
    public string? ProviderMessageId { get; set; }
    public string? Error { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("OutboxMessages");
        b.Property(m => m.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.To).HasMaxLength(256);
        b.Property(m => m.Subject).HasMaxLength(256);
        b.Property(m => m.Body).HasMaxLength(8000);
        b.Property(m => m.Template).HasMaxLength(64);
        b.Property(m => m.Provider).HasMaxLength(32);
        b.Property(m => m.ProviderMessageId).HasMaxLength(128);
        b.Property(m => m.Error).HasMaxLength(1000);
        // SQLite cannot compare DateTimeOffset columns; as UTC ticks they order and compare on both providers.
        b.Property(m => m.CreatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        b.HasIndex(m => new { m.Channel, m.To });
        b.HasIndex(m => m.CreatedAt);
    }
}
