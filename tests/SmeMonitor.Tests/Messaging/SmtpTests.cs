using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmeMonitor.Messaging;
using SmeMonitor.Messaging.Models;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Messaging;

/// <summary>The SMTP provider (MailKit) against a minimal SMTP server on 127.0.0.1 that accepts one message.</summary>
public class SmtpTests
{
    [Theory, Providers]
    public async Task An_email_is_delivered_over_smtp_and_recorded_as_sent(string provider)
    {
        using var server = new OneMessageSmtpServer();
        await using var app = SmtpApp(provider, server.Port);
        await using var scope = app.Scope();

        var result = await scope.ServiceProvider.GetRequiredService<IEmailSender>()
            .SendAsync(new EmailMessage("zhang@example.test", "账号注册成功", "您好，您的账号已注册。", "welcome"));

        Assert.True(result.Succeeded, result.Error);
        var (from, to, data) = await server.Received;
        Assert.Equal("<noreply@example.test>", from);
        Assert.Equal("<zhang@example.test>", to);
        var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(data)));
        Assert.Equal("账号注册成功", message.Subject);
        Assert.Equal("您好，您的账号已注册。", message.TextBody?.Trim());
        Assert.Equal(message.MessageId, result.ProviderMessageId);

        var row = await app.WithDbAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.Id == result.OutboxId));
        Assert.Equal((MessageChannel.Email, OutboxStatus.Sent, "Smtp"), (row.Channel, row.Status, row.Provider));
    }

    [Theory, Providers]
    public async Task An_unreachable_server_is_a_recorded_failure(string provider)
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var app = SmtpApp(provider, port);
        await using var scope = app.Scope();

        var result = await scope.ServiceProvider.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage("li@example.test", "x", "y"));

        Assert.False(result.Succeeded);
        var row = await app.WithDbAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.Id == result.OutboxId));
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.StartsWith("SMTP 127.0.0.1:", row.Error);
    }

    private static TestApp SmtpApp(string provider, int port) => new(provider, settings: new Dictionary<string, string?>
    {
        ["Messaging:Email:Provider"] = "Smtp",
        ["Messaging:Email:Smtp:Host"] = "127.0.0.1",
        ["Messaging:Email:Smtp:Port"] = port.ToString(),
        ["Messaging:Email:Smtp:From"] = "noreply@example.test",
        ["Messaging:Email:Smtp:Security"] = "None",
    });

    /// <summary>Speaks just enough SMTP (EHLO, MAIL, RCPT, DATA, QUIT) to accept one message.</summary>
    private sealed class OneMessageSmtpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        public int Port { get; }
        public Task<(string From, string To, string Data)> Received { get; }

        public OneMessageSmtpServer()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            Received = ServeAsync();
        }

        private async Task<(string, string, string)> ServeAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
            string from = "", to = "";
            var data = new StringBuilder();
            await writer.WriteLineAsync("220 localhost ESMTP test");
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "MAIL":
                        from = line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0];
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        to = line[(line.IndexOf(':') + 1)..].Trim();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        while (await reader.ReadLineAsync() is { } d && d != ".")
                            data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append("\r\n");
                        await writer.WriteLineAsync("250 OK queued as 1");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return (from, to, data.ToString());
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
            return (from, to, data.ToString());
        }

        public void Dispose() => _listener.Stop();
    }
}
