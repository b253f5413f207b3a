using System.Net.Mail;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Recipes;
using SmeMonitor.Core.Security;
using SmeMonitor.Directory.Models;

namespace SmeMonitor.Administrators.Recipes;

/// <summary>
/// Accounts, their roles and administrator records (ADM-1, ACC-6):
/// <code>
/// { "name": "users", "users": [ { "userName": "admin_zj", "displayName": "浙江省管理员", "password": "…",
///   "phone": "13800000002", "email": "…", "roles": ["Administrator"],
///   "administrator": { "level": "province", "region": "330000", "oneClickAccept": true, "skipLevelAccept": true, "enabled": true } } ] }
/// </code>
/// Accounts are matched by userName. A password only sets one on an account that has none: an existing
/// password is never reset. Listed roles replace the account's roles; an administrator also gets the
/// Administrator role. An account without a phone must bind one before signing in (MustBindPhone).
/// Omitted fields of an existing account stay as they are.
/// </summary>
public sealed partial class UsersStep(SmeDbContext db, UserManager<User> users, RoleManager<Role> roles, TimeProvider clock) : IRecipeStep
{
    public string Name => "users";
    public string? Feature => null;
    /// <summary>After roles (40), which accounts refer to.</summary>
    public int ExportOrder => 50;

    private sealed record AdministratorSpec(AdminLevel Level, string Region, bool OneClickAccept, bool SkipLevelAccept, bool Enabled);

    public async Task ApplyAsync(RecipeStepContext ctx, CancellationToken ct)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (item, path) in ctx.Objects(ctx.Step, "users", ctx.Path))
        {
            var userName = ctx.String(item, "userName", path);
            if (string.IsNullOrWhiteSpace(userName)) throw ctx.Error($"{path}.userName", "is required");
            if (!seen.TryAdd(userName, path)) throw ctx.Error($"{path}.userName", $"'{userName}' is listed twice (first at {seen[userName]})");
            var displayName = ctx.OptionalString(item, "displayName", path);
            var password = ctx.OptionalString(item, "password", path);
            var phone = ctx.OptionalString(item, "phone", path);
            if (phone is not null && !MobilePhone().IsMatch(phone))
                throw ctx.Error($"{path}.phone", "must be an 11-digit mobile number starting with 1");
            var email = ctx.OptionalString(item, "email", path);
            if (email is not null && !(MailAddress.TryCreate(email, out var address) && address.Address == email))
                throw ctx.Error($"{path}.email", "is not a valid e-mail address");
            var roleNames = item["roles"] is null ? null : ctx.Strings(item, "roles", path);
            for (var i = 0; i < roleNames?.Count; i++)
                if (!await roles.RoleExistsAsync(roleNames[i]))
                    throw ctx.Error($"{path}.roles[{i}]", $"unknown role '{roleNames[i]}'");
            var admin = item["administrator"] is null ? null : await ReadAdministratorAsync(ctx, ctx.Object(item["administrator"], $"{path}.administrator"), $"{path}.administrator", ct);

            var user = await users.FindByNameAsync(userName);
            if (user is null)
            {
                user = new User
                {
                    UserName = userName, DisplayName = displayName ?? userName, PhoneNumber = phone, PhoneNumberConfirmed = phone is not null,
                    Email = email, EmailConfirmed = email is not null, MustBindPhone = phone is null, CreatedAt = clock.GetUtcNow(),
                };
                // Without a password the person sets one through 忘记密码 (ACC-3).
                Check(password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password), ctx, path);
            }
            else
            {
                await UpdateAccountAsync(ctx, path, user, displayName, phone, email);
                // Never reset a password; only give one to an account that has none (e.g. created by a province recipe).
                if (password is not null && !await users.HasPasswordAsync(user))
                    Check(await users.AddPasswordAsync(user, password), ctx, path);
            }
            await SetRolesAsync(ctx, path, user, roleNames, admin is not null);
            if (admin is not null) await UpsertAdministratorAsync(user, admin, ct);
        }
    }

    public async Task<JsonObject?> ExportAsync(CancellationToken ct)
    {
        // Staff accounts: administrators and role holders. Enterprise accounts are data, not configuration.
        var accounts = await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(r => r.UserId == u.Id) || db.Set<Administrator>().Any(a => a.UserId == u.Id))
            .OrderBy(u => u.UserName).ToListAsync(ct);
        if (accounts.Count == 0) return null;
        var roleNames = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var rolesByUser = roleNames.ToLookup(x => x.UserId, x => x.Name!);
        var admins = await db.Set<Administrator>().AsNoTracking().ToDictionaryAsync(a => a.UserId, ct);
        var list = new JsonArray();
        foreach (var u in accounts)
        {
            var o = new JsonObject { ["userName"] = u.UserName, ["displayName"] = u.DisplayName };
            if (u.PhoneNumber is not null) o["phone"] = u.PhoneNumber;
            if (u.Email is not null) o["email"] = u.Email;
            o["roles"] = new JsonArray(rolesByUser[u.Id].Order(StringComparer.Ordinal).Select(n => (JsonNode)n).ToArray());
            if (admins.TryGetValue(u.Id, out var a))
                o["administrator"] = new JsonObject
                {
                    ["level"] = a.Level.Key(), ["region"] = a.RegionCode, ["oneClickAccept"] = a.CanOneClickAccept,
                    ["skipLevelAccept"] = a.CanSkipLevelAccept, ["enabled"] = a.Enabled,
                };
            list.Add(o);
        }
        return new JsonObject { ["users"] = list };
    }

    private async Task<AdministratorSpec> ReadAdministratorAsync(RecipeStepContext ctx, JsonObject obj, string path, CancellationToken ct)
    {
        var levelKey = ctx.String(obj, "level", path);
        if (!AdminLevels.TryParseKey(levelKey, out var level))
            throw ctx.Error($"{path}.level", "must be one of nation, province, city, county");
        var region = ctx.String(obj, "region", path);
        if (level == AdminLevel.Nation)
        {
            if (region != RegionScope.NationCode) throw ctx.Error($"{path}.region", $"a nation administrator's region is {RegionScope.NationCode}");
        }
        else
        {
            if (region == RegionScope.NationCode)
                throw ctx.Error($"{path}.region", $"{RegionScope.NationCode} is the nation, but the level is {level.Key()}");
            var found = await db.Set<Region>().AsNoTracking().FirstOrDefaultAsync(r => r.Code == region, ct)
                        ?? throw ctx.Error($"{path}.region", $"region '{region}' does not exist");
            if (found.Level != level.RegionLevel())
                throw ctx.Error($"{path}.region", $"region '{region}' ({found.Name}) is a {RegionLevelKey(found.Level)}, but the level is {level.Key()}");
        }
        var oneClick = ctx.Bool(obj, "oneClickAccept", path);
        var skipLevel = ctx.Bool(obj, "skipLevelAccept", path);
        if (skipLevel && level != AdminLevel.Province)
            throw ctx.Error($"{path}.skipLevelAccept", "only a province administrator can have skipLevelAccept");
        if (!await roles.RoleExistsAsync(PermissionClaims.AdministratorRole))
            throw ctx.Error(path, $"needs the role '{PermissionClaims.AdministratorRole}'; define it in an earlier roles step");
        return new AdministratorSpec(level, region, oneClick, skipLevel, ctx.Bool(obj, "enabled", path, true));
    }

    private async Task UpdateAccountAsync(RecipeStepContext ctx, string path, User user, string? displayName, string? phone, string? email)
    {
        var changed = false;
        if (displayName is not null && user.DisplayName != displayName) { user.DisplayName = displayName; changed = true; }
        if (phone is not null && user.PhoneNumber != phone)
        {
            user.PhoneNumber = phone;
            user.PhoneNumberConfirmed = true;
            user.MustBindPhone = false;
            changed = true;
        }
        if (email is not null && user.Email != email) { user.Email = email; user.EmailConfirmed = true; changed = true; }
        if (changed) Check(await users.UpdateAsync(user), ctx, path);
    }

    private async Task SetRolesAsync(RecipeStepContext ctx, string path, User user, IReadOnlyList<string>? listed, bool isAdministrator)
    {
        if (listed is null && !isAdministrator) return;
        var current = await users.GetRolesAsync(user);
        var wanted = new HashSet<string>(listed ?? current.AsEnumerable(), StringComparer.OrdinalIgnoreCase);
        if (isAdministrator) wanted.Add(PermissionClaims.AdministratorRole);
        var remove = current.Where(r => !wanted.Contains(r)).ToList();
        var add = wanted.Where(r => !current.Contains(r, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        if (remove.Count > 0) Check(await users.RemoveFromRolesAsync(user, remove), ctx, $"{path}.roles");
        if (add.Count > 0) Check(await users.AddToRolesAsync(user, add), ctx, $"{path}.roles");
    }

    private async Task UpsertAdministratorAsync(User user, AdministratorSpec spec, CancellationToken ct)
    {
        var admin = await db.Set<Administrator>().FirstOrDefaultAsync(a => a.UserId == user.Id, ct);
        if (admin is null) db.Add(admin = new Administrator { UserId = user.Id, CreatedAt = clock.GetUtcNow() });
        // Assigning equal values leaves the row unchanged, so re-applying writes nothing.
        admin.Level = spec.Level;
        admin.RegionCode = spec.Region;
        admin.CanOneClickAccept = spec.OneClickAccept;
        admin.CanSkipLevelAccept = spec.SkipLevelAccept;
        admin.Enabled = spec.Enabled;
    }

    private static string RegionLevelKey(int level) => level switch { 1 => "province", 2 => "city", 3 => "county", _ => $"level {level} region" };

    /// <summary>Identity's errors, at the JSON path of the field they are about.</summary>
    private static void Check(IdentityResult result, RecipeStepContext ctx, string path)
    {
        if (result.Succeeded) return;
        var first = result.Errors.First().Code;
        var field = first.StartsWith("Password", StringComparison.Ordinal) ? ".password"
            : first.Contains("UserName", StringComparison.Ordinal) ? ".userName"
            : first.Contains("Email", StringComparison.Ordinal) ? ".email"
            : "";
        throw ctx.Error(path + field, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    [GeneratedRegex(@"^1\d{10}$")]
    private static partial Regex MobilePhone();
}
