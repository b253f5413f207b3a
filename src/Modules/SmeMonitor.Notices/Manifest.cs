using SmeMonitor.Core.Modules;

[assembly: Module("SmeMonitor.Notices",
    Name = "通知公告与内容",
    Description = "Content types as data; notices (通知公告) and announcements (平台公告); editor pages and portal list and detail pages.",
    Category = "Content",
    Dependencies = ["SmeMonitor.Directory"],
    AlwaysEnabled = false)]
