using SmeMonitor.Core.Modules;

[assembly: Module("SmeMonitor.Directory",
    Name = "地区、行业与管理员",
    Description = "Regions (GB/T 2260), industries (GB/T 4754-2017), size standard, credit codes, administrators and grants.",
    Category = "Core",
    Dependencies = ["SmeMonitor.Accounts"],
    AlwaysEnabled = true)]
