using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmeMonitor.Accounts.Models;
using SmeMonitor.Core.Auditing;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Accounts.Services;

/// <summary>Personal access tokens (个人访问令牌) for the API, issued and revoked by their owner in the user centre.</summary>
public sealed class PersonalAccessTokenService(SmeDbContext db, IAuditLog audit, TimeProvider clock, IStringLocalizer<Strings> T)
{
    public const string TokenPrefix = "smt_";
    /// <summary>The lifetimes offered when creating a token, in days.</summary>
    public static readonly int[] LifetimesInDays = [30, 90, 180, 365];

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public Task<List<PersonalAccessToken>> ListAsync(string userId, CancellationToken ct) =>
        db.Set<PersonalAccessToken>().AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(ct);

    /// <summary>Creates a token and returns it in clear: the only time anyone sees it.</summary>
    public async Task<(string? Token, string? Error)> CreateAsync(string userId, string? name, int days, CancellationToken ct)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 64) return (null, T["请输入令牌名称（不超过 64 个字符）。"]);
        if (!LifetimesInDays.Contains(days)) return (null, T["请选择有效期。"]);
        var token = TokenPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var row = new PersonalAccessToken
        {
            UserId = userId, Name = name, TokenHash = Hash(token), Prefix = token[..10], CreatedAt = now, ExpiresAt = now.AddDays(days),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(row);
        await db.SaveChangesAsync(ct); // the audit row needs the token's id
        audit.Record("token.create", "PersonalAccessToken", row.Id.ToString(), new { name, expires = row.ExpiresAt });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (token, null);
    }

    /// <summary>Revokes one of the user's own tokens; false when the user has no such token.</summary>
    public async Task<bool> RevokeAsync(string userId, long id, CancellationToken ct)
    {
        var row = await db.Set<PersonalAccessToken>().FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct);
        if (row is null) return false;
        if (row.RevokedAt is not null) return true;
        row.RevokedAt = clock.GetUtcNow();
        audit.Record("token.revoke", "PersonalAccessToken", row.Id.ToString(), new { row.Name });
        await db.SaveChangesAsync(ct);
        return true;
    }
}

/// <summary>
/// "Authorization: Bearer smt_…" signs the request in as the token's owner, with the same role and
/// permission claims the sign-in cookie carries (so permissions and region scope apply unchanged).
/// </summary>
public sealed class PersonalAccessTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    SmeDbContext db, IUserClaimsPrincipalFactory<User> principals, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalAccessToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(PersonalAccessTokenService.TokenPrefix, StringComparison.Ordinal)) return AuthenticateResult.Fail("Not a personal access token.");

        var hash = PersonalAccessTokenService.Hash(token);
        var row = await db.Set<PersonalAccessToken>().Include(t => t.User).FirstOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        var now = clock.GetUtcNow();
        if (row?.User is null || row.RevokedAt is not null || row.ExpiresAt <= now) return AuthenticateResult.Fail("Unknown, revoked or expired token.");
        if (row.User.LockoutEnd is { } end && end > DateTimeOffset.UtcNow) return AuthenticateResult.Fail("Account locked.");

        // Last use is shown in the user centre; minute precision is enough and spares a write per call.
        if (row.LastUsedAt is null || now - row.LastUsedAt.Value > TimeSpan.FromMinutes(1))
        {
            row.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        var cookiePrincipal = await principals.CreateAsync(row.User);
        var identity = new ClaimsIdentity(cookiePrincipal.Claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim("token_id", row.Id.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
