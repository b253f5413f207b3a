using SmeMonitor.Core.Security;

namespace SmeMonitor.Messaging;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>Read the outbox (发件箱): every SMS and e-mail, verification codes included.</summary>
    public const string ViewOutbox = "Messaging.ViewOutbox";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ViewOutbox, "查看短信与邮件发件箱", "短信与邮件", PlatformWide: true),
    ];
}
