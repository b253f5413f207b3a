using Microsoft.AspNetCore.Identity;

namespace SmeMonitor.Core.Security;

/// <summary>A platform account (政务平台账号): an enterprise user, an administrator, or both roles' holder.</summary>
public class User : IdentityUser, SmeMonitor.Core.Data.IVersioned
{
    /// <summary>用户姓名.</summary>
    public string DisplayName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set for accounts imported by recipe (ACC-6): they must bind a phone before signing in.</summary>
    public bool MustBindPhone { get; set; }
    public int Version { get; set; }
}

public class Role : IdentityRole
{
    public Role() { }
    public Role(string name) : base(name) { }
    /// <summary>Display name in Chinese, e.g. 内容编辑.</summary>
    public string DisplayName { get; set; } = "";
}
