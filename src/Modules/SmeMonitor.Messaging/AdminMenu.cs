using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Navigation;

namespace SmeMonitor.Messaging;

public sealed class AdminMenu(IStringLocalizer<Strings> T) : IMenuProvider
{
    public IEnumerable<MenuItem> GetItems(MenuName menu) => menu != MenuName.Admin ? [] :
    [
        new(T["短信与邮件发件箱"], "/admin/outbox", "envelope", Permissions.ViewOutbox, T["系统"], 930),
    ];
}
