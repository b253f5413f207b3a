using SmeMonitor.Core.Modules;

[assembly: Module("SmeMonitor.Enterprises",
    Name = "监测企业",
    Description = "Enterprise registration with computed size, registration review, key-field changes, monitored-enterprise management and the enterprise home page (ENT-1..8).",
    Category = "Enterprises",
    Dependencies = ["SmeMonitor.Directory", "SmeMonitor.Messaging", "SmeMonitor.Notices"],
    AlwaysEnabled = false)]
