using MailKit.Security;

namespace SmeMonitor.Messaging;

/// <summary>The "Messaging" section of appsettings.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";
    public const string OutboxProvider = "Outbox";

    public SmsOptions Sms { get; set; } = new();
    public EmailOptions Email { get; set; } = new();
}

public sealed class SmsOptions
{
    /// <summary>"Outbox" (default: store only) or "Http" (a gateway).</summary>
    public string Provider { get; set; } = MessagingOptions.OutboxProvider;
    public HttpSmsOptions Http { get; set; } = new();
}

/// <summary>An HTTP SMS gateway: POST {phone, text} as JSON, API key in a header; any 2xx is success.</summary>
public sealed class HttpSmsOptions
{
    public const string Provider = "Http";

    public string Url { get; set; } = "";
    public string ApiKey { get; set; } = "";
    public string ApiKeyHeader { get; set; } = "X-Api-Key";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class EmailOptions
{
    /// <summary>"Outbox" (default) or "Smtp".</summary>
    public string Provider { get; set; } = MessagingOptions.OutboxProvider;
    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public const string Provider = "Smtp";

    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    /// <summary>Empty: no authentication.</summary>
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public string From { get; set; } = "";
    public string FromName { get; set; } = "中小企业运行监测平台";
    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
