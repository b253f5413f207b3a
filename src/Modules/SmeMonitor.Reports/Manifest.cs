using SmeMonitor.Core.Modules;

[assembly: Module("SmeMonitor.Reports",
    Name = "指标报表",
    Description = "Report types as data (indicators, applicability and rules, versioned), the monthly report with its four columns, checks, prefill, statuses and review submission (REP-1..5, REP-9, REP-10).",
    Category = "Reports",
    Dependencies = ["SmeMonitor.Enterprises"],
    AlwaysEnabled = false)]
