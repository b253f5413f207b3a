using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmeMonitor.Accounts.Models;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Accounts.Services;

/// <summary>A new captcha: the id the form sends back and the picture to show.</summary>
public sealed record CaptchaChallenge(Guid Id, string Code)
{
    public string ImageDataUri => "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(CaptchaImage.Svg(Code)));
}

/// <summary>
/// Picture captchas (图形验证码) guarding "获取验证码": a few random digits, kept server-side as a salted
/// hash, answered once (right or wrong, the captcha is gone), expiring after a few minutes.
/// </summary>
public sealed class CaptchaService(SmeDbContext db, TimeProvider clock, IOptions<AccountsOptions> options, IHostEnvironment env)
{
    private CaptchaOptions O => options.Value.Captcha;

    public async Task<CaptchaChallenge> CreateAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        // Expired ones are swept here, so the table stays as small as the traffic of the last minutes.
        await db.Set<Captcha>().Where(c => c.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var code = env.IsEnvironment("Testing") && !string.IsNullOrEmpty(O.FixedCode) ? O.FixedCode : SecretHash.Digits(O.Length);
        var salt = SecretHash.NewSalt();
        var captcha = new Captcha { Id = Guid.NewGuid(), Salt = salt, CodeHash = SecretHash.Hash(salt, code), ExpiresAt = now + O.Lifetime };
        db.Add(captcha);
        await db.SaveChangesAsync(ct);
        return new CaptchaChallenge(captcha.Id, code);
    }

    /// <summary>True when the answer matches an unexpired captcha. The captcha is used up either way.</summary>
    public async Task<bool> CheckAsync(Guid? id, string? answer, CancellationToken ct = default)
    {
        if (id is null || string.IsNullOrWhiteSpace(answer)) return false;
        var captcha = await db.Set<Captcha>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (captcha is null) return false;
        // Whoever deletes the row owns the answer: a captcha cannot be answered twice, even at the same moment.
        if (await db.Set<Captcha>().Where(c => c.Id == id).ExecuteDeleteAsync(ct) == 0) return false;
        return captcha.ExpiresAt > clock.GetUtcNow() && SecretHash.Matches(captcha.Salt, captcha.CodeHash, answer.Trim());
    }
}

/// <summary>
/// Draws digits as SVG strokes (no font, no text for a script to read), each shifted and turned a
/// little, over noise curves and dots.
/// </summary>
public static class CaptchaImage
{
    public const int Width = 150, Height = 50;

    // Polylines on a 10×16 grid, one array per stroke.
    private static readonly int[][][] Glyphs =
    [
        [[2, 0, 8, 0, 10, 3, 10, 13, 8, 16, 2, 16, 0, 13, 0, 3, 2, 0]],
        [[2, 4, 6, 0, 6, 16], [2, 16, 10, 16]],
        [[0, 3, 2, 0, 8, 0, 10, 3, 10, 6, 0, 16, 10, 16]],
        [[0, 2, 2, 0, 8, 0, 10, 2, 10, 6, 8, 8, 4, 8], [8, 8, 10, 10, 10, 14, 8, 16, 2, 16, 0, 14]],
        [[7, 16, 7, 0, 0, 11, 10, 11]],
        [[10, 0, 0, 0, 0, 7, 7, 7, 10, 10, 10, 13, 7, 16, 0, 16]],
        [[9, 0, 3, 0, 0, 4, 0, 13, 3, 16, 7, 16, 10, 13, 10, 10, 7, 7, 0, 7]],
        [[0, 0, 10, 0, 4, 16]],
        [[2, 0, 8, 0, 10, 2, 10, 6, 8, 8, 2, 8, 0, 6, 0, 2, 2, 0], [2, 8, 0, 10, 0, 14, 2, 16, 8, 16, 10, 14, 10, 10, 8, 8]],
        [[10, 9, 3, 9, 0, 6, 0, 3, 3, 0, 7, 0, 10, 3, 10, 12, 7, 16, 1, 16]],
    ];

    private static readonly string[] Inks = ["#1d3557", "#6a040f", "#2d6a4f", "#3c096c", "#7f4f24", "#03045e"];

    public static string Svg(string code)
    {
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">"));
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"#f1f3f5\"/>");
        for (var i = 0; i < 4; i++)
            sb.Append(Inv($"<path d=\"M{R(0, 20)} {R(5, 45)} C{R(30, 60)} {R(0, 50)},{R(80, 110)} {R(0, 50)},{R(130, 150)} {R(5, 45)}\" stroke=\"{Ink()}\" stroke-width=\"1\" fill=\"none\" opacity=\"0.6\"/>"));
        for (var i = 0; i < 30; i++)
            sb.Append(Inv($"<circle cx=\"{R(0, Width)}\" cy=\"{R(0, Height)}\" r=\"1\" fill=\"{Ink()}\" opacity=\"0.5\"/>"));
        var step = (Width - 20) / Math.Max(1, code.Length);
        for (var i = 0; i < code.Length; i++)
        {
            var digit = code[i] - '0';
            if (digit is < 0 or > 9) continue;
            var scale = R(16, 21) / 10.0;
            var x = 10 + i * step + R(0, Math.Max(1, step - 22));
            var y = R(6, 14);
            sb.Append(Inv($"<g transform=\"translate({x} {y}) rotate({R(-18, 18)} 5 8) scale({scale:0.0})\" stroke=\"{Ink()}\" stroke-width=\"{2.2 / scale:0.00}\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">"));
            foreach (var stroke in Glyphs[digit])
            {
                sb.Append("<polyline points=\"");
                for (var p = 0; p < stroke.Length; p += 2) sb.Append(Inv($"{stroke[p]},{stroke[p + 1]} "));
                sb.Append("\"/>");
            }
            sb.Append("</g>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static int R(int min, int max) => RandomNumberGenerator.GetInt32(min, max);
    private static string Ink() => Inks[RandomNumberGenerator.GetInt32(Inks.Length)];
    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
