using SmeMonitor.Core.Modules;

[assembly: Module("SmeMonitor.Messaging",
    Name = "短信与邮件",
    Description = "SMS and e-mail senders behind interfaces; database outbox for development; HTTP SMS gateway and SMTP.",
    Category = "Core",
    Dependencies = [],
    AlwaysEnabled = true)]
