using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Navigation;

namespace SmeMonitor.Notices;

public sealed class ContentMenu(IStringLocalizer<Strings> T) : IMenuProvider
{
    public IEnumerable<MenuItem> GetItems(MenuName menu)
    {
        if (menu == MenuName.Portal)
            return
            [
                new(T["通知公告"], NoticeTypes.ListUrl(NoticeTypes.Notice), "megaphone", Order: 20),
                new(T["平台公告"], NoticeTypes.ListUrl(NoticeTypes.Announcement), "info-circle", Order: 21),
            ];
        var group = T["内容管理"];
        return
        [
            new(T["内容"], "/admin/content", "file-earmark-text", Permissions.Edit, group, 300),
            new(T["内容类型"], "/admin/content-types", "diagram-3", Permissions.ManageTypes, group, 310),
        ];
    }
}
