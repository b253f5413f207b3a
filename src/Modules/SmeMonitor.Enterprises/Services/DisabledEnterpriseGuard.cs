using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;
using SmeMonitor.Enterprises.Models;

namespace SmeMonitor.Enterprises.Services;

/// <summary>禁用 disables the enterprise's account (manual, 监测企业信息管理): its user cannot sign in until 启用.</summary>
public sealed class DisabledEnterpriseGuard(SmeDbContext db, IStringLocalizer<Strings> T) : ISignInGuard
{
    public async Task<string?> RefusalAsync(User user, CancellationToken ct) =>
        await db.Set<Enterprise>().AnyAsync(e => e.UserId == user.Id && e.Disabled, ct)
            ? T["该企业账号已被禁用，请联系本地区管理员。"].Value
            : null;
}
