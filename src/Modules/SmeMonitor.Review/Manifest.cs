using SmeMonitor.Core.Modules;

[assembly: Module("SmeMonitor.Review",
    Name = "报表审核",
    Description = "Review of submitted reports: chains per province, screening (系统筛查) with administrator-defined rules, the reviewer's queue, 接收/退回, 一键接收, 越级接收, the report's review timeline and /api/v1/reviews (REV-1..6, REV-8).",
    Category = "Reports",
    Dependencies = ["SmeMonitor.Reports"],
    AlwaysEnabled = false)]
