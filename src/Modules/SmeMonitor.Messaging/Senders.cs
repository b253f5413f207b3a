namespace SmeMonitor.Messaging;

/// <summary>
/// Sends text messages (短信). Every message, whatever the provider, leaves a row in the outbox:
/// the "Outbox" provider only stores it there; a gateway provider sends it and records the outcome.
/// </summary>
/// <remarks>
/// The outbox row is written through the request's <c>SmeDbContext</c> and saved, so call this
/// after your own changes are ready (they are saved with it).
/// </remarks>
public interface ISmsSender
{
    Task<SendResult> SendAsync(SmsMessage message, CancellationToken ct = default);
}

/// <summary>Sends e-mail; like <see cref="ISmsSender"/>, every message is recorded in the outbox.</summary>
public interface IEmailSender
{
    Task<SendResult> SendAsync(EmailMessage message, CancellationToken ct = default);
}

/// <param name="Phone">Mainland mobile number, 11 digits.</param>
/// <param name="Text">The text as the recipient reads it.</param>
/// <param name="Template">A stable name of the kind of message (e.g. "sms-code"), for filtering and statistics.</param>
/// <param name="Secrets">Values (e.g. a verification code) that the outbox copy of a message sent through a real
/// gateway must not keep. The "Outbox" provider keeps them: there the outbox is the delivery channel.</param>
public sealed record SmsMessage(string Phone, string Text, string? Template = null, IReadOnlyList<string>? Secrets = null);

public sealed record EmailMessage(string To, string Subject, string Body, string? Template = null, IReadOnlyList<string>? Secrets = null);

/// <summary>What happened to a message: which provider took it and the id it gave, or why it failed.</summary>
/// <param name="OutboxId">The outbox row that records the message.</param>
/// <param name="ProviderMessageId">The provider's id for the message (the outbox row id for "Outbox").</param>
public sealed record SendResult(bool Succeeded, string Provider, string? ProviderMessageId, long OutboxId, string? Error = null);
