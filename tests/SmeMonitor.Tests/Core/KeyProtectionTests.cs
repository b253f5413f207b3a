using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Tests.Infrastructure;
using SmeMonitor.Web;

namespace SmeMonitor.Tests.Core;

/// <summary>
/// DataProtection:Certificate: the data-protection keys in the database are stored encrypted, every node with the certificate
/// reads them, a node without it cannot, and a certificate that cannot be used stops the start with the setting's name.
/// </summary>
public class KeyProtectionTests
{
    private const string Password = "测试-pfx-password";

    [Theory, Providers]
    public async Task With_a_certificate_the_keys_are_stored_encrypted_and_a_sign_in_works_on_every_node(string provider)
    {
        using var pfx = new TempPfx(Password);
        var settings = Settings(pfx.Path, Password);
        await using var first = new TestApp(provider, settings: settings);
        await using var second = new TestApp(provider, ["national.recipe.json"], settings, first.Database, ownsDatabase: false);
        var user = "keeper_" + provider;
        await first.CreateUserAsync(user);
        var (name, value) = await first.SignInCookieAsync(user);

        var keys = await first.WithDbAsync(db => db.Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>()
            .Select(k => k.Xml!).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedSecret", xml);
            Assert.DoesNotContain("<masterKey", xml); // how an unencrypted key's secret is written
        });

        var client = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{name}={value}");
        var profile = await client.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains(user, await profile.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_node_without_the_certificate_cannot_use_the_keys()
    {
        using var pfx = new TempPfx(Password);
        await using var first = new TestApp(settings: Settings(pfx.Path, Password));
        await using var without = new TestApp("sqlite", ["national.recipe.json"], [], first.Database, ownsDatabase: false);
        await first.CreateUserAsync("locked_out");
        var (name, value) = await first.SignInCookieAsync("locked_out");

        var client = without.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{name}={value}");
        var profile = await client.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, profile.StatusCode);
        Assert.Contains("/account/signin", profile.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_start_with_a_certificate_that_cannot_be_opened_fails_naming_the_setting()
    {
        using var pfx = new TempPfx(Password);
        await using var app = new TestApp(settings: Settings(pfx.Path, "not the password"));
        var e = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains(KeyProtection.PathSetting, e.ToString());
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"smemonitor-missing-{Guid.NewGuid():N}.pfx");
        var e = Assert.Throws<InvalidOperationException>(() => KeyProtection.LoadCertificate(path, Password));
        Assert.Contains(KeyProtection.PathSetting, e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_wrong_password_is_named()
    {
        using var pfx = new TempPfx(Password);
        var e = Assert.Throws<InvalidOperationException>(() => KeyProtection.LoadCertificate(pfx.Path, "wrong"));
        Assert.Contains(KeyProtection.PasswordSetting, e.Message);
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_refused()
    {
        using var pfx = new TempPfx(Password, withPrivateKey: false);
        var e = Assert.Throws<InvalidOperationException>(() => KeyProtection.LoadCertificate(pfx.Path, Password));
        Assert.Contains("private key", e.Message);
    }

    [Fact]
    public void A_usable_certificate_loads_with_its_private_key()
    {
        using var pfx = new TempPfx(Password);
        using var certificate = KeyProtection.LoadCertificate(pfx.Path, Password);
        using var key = certificate.GetRSAPrivateKey();
        Assert.NotNull(key);
    }

    private static Dictionary<string, string?> Settings(string path, string password) => new()
    {
        [KeyProtection.PathSetting] = path,
        [KeyProtection.PasswordSetting] = password,
    };

    /// <summary>A self-signed RSA certificate written to a .pfx file in the temp folder, deleted on dispose.</summary>
    private sealed class TempPfx : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"smemonitor-keys-{Guid.NewGuid():N}.pfx");

        public TempPfx(string password, bool withPrivateKey = true)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=SmeMonitor key protection test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            if (withPrivateKey)
            {
                File.WriteAllBytes(Path, certificate.Export(X509ContentType.Pfx, password));
                return;
            }
            using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
            File.WriteAllBytes(Path, publicOnly.Export(X509ContentType.Pfx, password));
        }

        public void Dispose() => File.Delete(Path);
    }
}
