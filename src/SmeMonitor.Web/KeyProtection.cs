using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using SmeMonitor.Core.Data;

namespace SmeMonitor.Web;

/// <summary>
/// The data-protection keys (they protect the sign-in cookies and antiforgery tokens) live in the database, so that every web
/// node shares them. With DataProtection:Certificate:Path set, each key is stored encrypted with that certificate: someone
/// who can read the database (a backup, a replica) then cannot forge a sign-in. Every node needs the same certificate.
/// </summary>
public static class KeyProtection
{
    public const string PathSetting = "DataProtection:Certificate:Path";
    public const string PasswordSetting = "DataProtection:Certificate:Password";

    public static void AddSmeMonitorDataProtection(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("SmeMonitor")
            .PersistKeysToDbContext<SmeDbContext>();
        if (configuration[PathSetting] is { Length: > 0 } path)
            // Also registers it for decryption: the keys are read back without a certificate store.
            dataProtection.ProtectKeysWithCertificate(LoadCertificate(Path.GetFullPath(path, contentRoot), configuration[PasswordSetting]));

        // The key ring is read from the database when something is first protected or unprotected (the sign-in cookie, an
        // antiforgery token), not by a hosted service at start: anonymous pages never need it.
        foreach (var keyRingAtStart in services.Where(d => d.ServiceType == typeof(IHostedService)
                     && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList())
            services.Remove(keyRingAtStart);
    }

    /// <summary>A PKCS#12 (.pfx) file with its private key; a start with a certificate that cannot be used fails here.</summary>
    public static X509Certificate2 LoadCertificate(string path, string? password)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"{PathSetting}: the certificate file {path} does not exist.");
        X509Certificate2 certificate;
        try
        {
            // Ephemeral: the private key stays in memory; nothing is written to the user's key store.
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{PathSetting}: {path} cannot be opened as a PKCS#12 (.pfx) file with {PasswordSetting} ({e.Message}).", e);
        }
        using var privateKey = certificate.GetRSAPrivateKey();
        if (privateKey is not null) return certificate;
        certificate.Dispose();
        throw new InvalidOperationException($"{PathSetting}: {path} has no RSA private key; keys encrypted with it could not be read back.");
    }
}
