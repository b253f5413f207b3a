using SmeMonitor.Core.Data;
using SmeMonitor.Messaging.Models;

namespace SmeMonitor.Messaging.Services;

/// <summary>Writes outbox rows through the request's context (so they join the caller's transaction).</summary>
public sealed class Outbox(SmeDbContext db, TimeProvider clock)
{
    public const string Redacted = "******";

    public async Task<OutboxMessage> RecordAsync(MessageChannel channel, string to, string? subject, string body, string? template,
        OutboxStatus status, string provider, string? providerMessageId, string? error, CancellationToken ct)
    {
        var row = new OutboxMessage
        {
            Channel = channel, To = to, Subject = subject, Body = body, Template = template, CreatedAt = clock.GetUtcNow(),
            Status = status, Provider = provider, ProviderMessageId = providerMessageId, Error = Truncate(error, 1000),
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>The text with every secret replaced, for the audit copy of a message that really left.</summary>
    public static string Redact(string text, IReadOnlyList<string>? secrets)
    {
        if (secrets is null) return text;
        foreach (var s in secrets.Where(s => s.Length > 0)) text = text.Replace(s, Redacted, StringComparison.Ordinal);
        return text;
    }

    public static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}

/// <summary>The development and test provider: stores the SMS in the outbox, sends nothing.</summary>
public sealed class OutboxSmsSender(Outbox outbox) : ISmsSender
{
    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken ct = default)
    {
        var row = await outbox.RecordAsync(MessageChannel.Sms, message.Phone, null, message.Text, message.Template,
            OutboxStatus.Stored, MessagingOptions.OutboxProvider, null, null, ct);
        return new SendResult(true, MessagingOptions.OutboxProvider, row.Id.ToString(), row.Id);
    }
}

/// <summary>The development and test provider for e-mail: stores it in the outbox, sends nothing.</summary>
public sealed class OutboxEmailSender(Outbox outbox) : IEmailSender
{
    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var row = await outbox.RecordAsync(MessageChannel.Email, message.To, message.Subject, message.Body, message.Template,
            OutboxStatus.Stored, MessagingOptions.OutboxProvider, null, null, ct);
        return new SendResult(true, MessagingOptions.OutboxProvider, row.Id.ToString(), row.Id);
    }
}
