using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Navigation;
using SmeMonitor.Core.Security;
using SmeMonitor.Core.Workflows;
using SmeMonitor.Messaging.Services;
using SmeMonitor.Messaging.Workflows;

namespace SmeMonitor.Messaging;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<IMenuProvider, AdminMenu>();

        var section = configuration.GetSection(MessagingOptions.Section);
        services.Configure<MessagingOptions>(section);
        // Only the provider choices are needed now: read as plain values, since binding the whole section here (the
        // configuration binder's first use) is a noticeable part of a cold start. The senders get the bound options.
        var sms = section["Sms:Provider"] ?? MessagingOptions.OutboxProvider;
        var email = section["Email:Provider"] ?? MessagingOptions.OutboxProvider;
        services.AddScoped<Outbox>();
        services.AddScoped<IActivity, SendSmsActivity>();

        switch (sms)
        {
            case MessagingOptions.OutboxProvider:
                services.AddScoped<ISmsSender, OutboxSmsSender>();
                break;
            case HttpSmsOptions.Provider:
                if (!Uri.TryCreate(section["Sms:Http:Url"], UriKind.Absolute, out _))
                    throw new InvalidOperationException("Messaging:Sms:Http:Url must be an absolute URL when Messaging:Sms:Provider is Http.");
                // The sender applies Messaging:Sms:Http:Timeout itself, so the client's own limit is off.
                services.AddHttpClient<ISmsSender, HttpSmsSender>(HttpSmsSender.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
                break;
            default:
                throw new InvalidOperationException($"Messaging:Sms:Provider '{sms}' is not supported; use Outbox or Http.");
        }

        switch (email)
        {
            case MessagingOptions.OutboxProvider:
                services.AddScoped<IEmailSender, OutboxEmailSender>();
                break;
            case SmtpOptions.Provider:
                if (string.IsNullOrWhiteSpace(section["Email:Smtp:Host"]) || string.IsNullOrWhiteSpace(section["Email:Smtp:From"]))
                    throw new InvalidOperationException("Messaging:Email:Smtp:Host and :From are required when Messaging:Email:Provider is Smtp.");
                services.AddScoped<IEmailSender, SmtpEmailSender>();
                break;
            default:
                throw new InvalidOperationException($"Messaging:Email:Provider '{email}' is not supported; use Outbox or Smtp.");
        }
    }
}
