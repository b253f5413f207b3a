using SmeMonitor.Core.Modules;

[assembly: Module("SmeMonitor.Reports",
    Name = "指标报表",
    Description = "Report types as data (indicators, applicability and rules, versioned), the monthly report with its four columns, checks, prefill, statuses and review submission (REP-1..10: the 当期报送 wizard and 历史报送 in the enterprise portal).",
    Category = "Reports",
    Dependencies = ["SmeMonitor.Enterprises"],
    AlwaysEnabled = false)]
