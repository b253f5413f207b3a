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
        var options = section.Get<MessagingOptions>() ?? new MessagingOptions();
        services.AddScoped<Outbox>();
        services.AddScoped<IActivity, SendSmsActivity>();

        switch (options.Sms.Provider)
        {
            case MessagingOptions.OutboxProvider:
                services.AddScoped<ISmsSender, OutboxSmsSender>();
                break;
            case HttpSmsOptions.Provider:
                if (!Uri.TryCreate(options.Sms.Http.Url, UriKind.Absolute, out _))
                    throw new InvalidOperationException("Messaging:Sms:Http:Url must be an absolute URL when Messaging:Sms:Provider is Http.");
                // The sender applies Messaging:Sms:Http:Timeout itself, so the client's own limit is off.
                services.AddHttpClient<ISmsSender, HttpSmsSender>(HttpSmsSender.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
                break;
            default:
                throw new InvalidOperationException($"Messaging:Sms:Provider '{options.Sms.Provider}' is not supported; use Outbox or Http.");
        }

        switch (options.Email.Provider)
        {
            case MessagingOptions.OutboxProvider:
                services.AddScoped<IEmailSender, OutboxEmailSender>();
                break;
            case SmtpOptions.Provider:
                if (string.IsNullOrWhiteSpace(options.Email.Smtp.Host) || string.IsNullOrWhiteSpace(options.Email.Smtp.From))
                    throw new InvalidOperationException("Messaging:Email:Smtp:Host and :From are required when Messaging:Email:Provider is Smtp.");
                services.AddScoped<IEmailSender, SmtpEmailSender>();
                break;
            default:
                throw new InvalidOperationException($"Messaging:Email:Provider '{options.Email.Provider}' is not supported; use Outbox or Smtp.");
        }
    }
}
