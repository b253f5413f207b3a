using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using SmeMonitor.Messaging.Models;

namespace SmeMonitor.Messaging.Services;

/// <summary>Sends e-mail over SMTP (MailKit) and records the outcome in the outbox.</summary>
public sealed class SmtpEmailSender(IOptions<MessagingOptions> options, Outbox outbox, ILogger<SmtpEmailSender> log) : IEmailSender
{
    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var o = options.Value.Email.Smtp;
        string? id = null, error = null;
        try
        {
            var mime = new MimeMessage();
            mime.From.Add(new MailboxAddress(o.FromName, o.From));
            mime.To.Add(MailboxAddress.Parse(message.To));
            mime.Subject = message.Subject;
            mime.Body = new TextPart("plain") { Text = message.Body };
            id = mime.MessageId;

            using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
            await client.ConnectAsync(o.Host, o.Port, o.Security, ct);
            if (o.UserName.Length > 0) await client.AuthenticateAsync(o.UserName, o.Password, ct);
            await client.SendAsync(mime, ct);
            await client.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (e is MailKit.ProtocolException or MailKit.CommandException or MailKit.Security.AuthenticationException
                                      or System.Net.Sockets.SocketException or IOException or ParseException or TimeoutException)
        {
            error = $"SMTP {o.Host}:{o.Port}: {e.Message}";
            log.LogError(e, "E-mail to {To} ({Template}) failed: {Error}", message.To, message.Template, error);
        }
        var row = await outbox.RecordAsync(MessageChannel.Email, message.To, message.Subject, Outbox.Redact(message.Body, message.Secrets),
            message.Template, error is null ? OutboxStatus.Sent : OutboxStatus.Failed, SmtpOptions.Provider, id, error, ct);
        return new SendResult(error is null, SmtpOptions.Provider, id, row.Id, error);
    }
}
