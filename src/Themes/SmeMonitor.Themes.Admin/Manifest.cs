using SmeMonitor.Core.Modules;

[assembly: Module("SmeMonitor.Themes.Admin",
    Name = "管理后台主题",
    Description = "Dashboard layout with the left navigation built from module menus.",
    Category = "Themes",
    Dependencies = [],
    AlwaysEnabled = true)]
