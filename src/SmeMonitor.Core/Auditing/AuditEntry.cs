using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Core.Auditing;

/// <summary>One audited state change: who did what to which thing, when, with details as JSON.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    /// <summary>Dotted action name, e.g. "feature.enable", "notice.publish".</summary>
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    public string? Details { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasIndex(a => new { a.EntityType, a.EntityId });
        b.HasIndex(a => a.At);
        b.Property(a => a.Action).HasMaxLength(64);
        b.Property(a => a.EntityType).HasMaxLength(64);
        b.Property(a => a.EntityId).HasMaxLength(64);
    }
}

/// <summary>
/// Adds audit rows to the caller's context, so they commit or roll back with the change they describe.
/// </summary>
public interface IAuditLog
{
    void Record(string action, string entityType, string entityId, object? details = null);
}

internal sealed class AuditLog(SmeDbContext db, IHttpContextAccessor http, TimeProvider clock) : IAuditLog
{
    // Chinese text (a notice's title, a region's name) stays readable in the stored details instead of becoming \uXXXX.
    private static readonly JsonSerializerOptions DetailsJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public void Record(string action, string entityType, string entityId, object? details = null) =>
        db.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier),
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Details = details is null ? null : JsonSerializer.Serialize(details, DetailsJson),
        });
}
