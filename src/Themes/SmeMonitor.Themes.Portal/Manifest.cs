using SmeMonitor.Core.Modules;

[assembly: Module("SmeMonitor.Themes.Portal",
    Name = "企业门户主题",
    Description = "Phone-first layout of the enterprise portal.",
    Category = "Themes",
    Dependencies = [],
    AlwaysEnabled = true)]
