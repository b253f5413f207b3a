using SmeMonitor.Core.Modules;

[assembly: Module("SmeMonitor.Accounts",
    Name = "账号与登录",
    Description = "Registration, sign-in with password and SMS code, forgot password, phone binding, user centre, personal access tokens.",
    Category = "Core",
    Dependencies = ["SmeMonitor.Messaging"],
    AlwaysEnabled = true)]
