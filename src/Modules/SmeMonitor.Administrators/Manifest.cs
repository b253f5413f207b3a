using SmeMonitor.Core.Modules;

[assembly: Module("SmeMonitor.Administrators",
    Name = "管理员与角色",
    Description = "Administrators of every level (ADM): subordinate administrators, grants, roles and permissions, the users recipe step.",
    Category = "Core",
    Dependencies = ["SmeMonitor.Directory"],
    AlwaysEnabled = true)]
