using SmeMonitor.Core.Modules;

[assembly: Module("SmeMonitor.Platform",
    Name = "平台管理",
    Description = "Dashboard: modules and features, recipes, settings, audit log, error pages.",
    Category = "Core",
    Dependencies = [],
    AlwaysEnabled = true)]
