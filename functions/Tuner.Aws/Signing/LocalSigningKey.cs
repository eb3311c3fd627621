using System.Security.Cryptography;

namespace Tuner.Aws.Signing;

/// <summary>
/// The local report-signing key: an ECDSA P-256 private key (PKCS#8 PEM, file mode 600) created on first use, with its
/// public key (SubjectPublicKeyInfo PEM) beside it. Default place: <c>$TUNER_HOME/keys/report-signing.pem</c>, else
/// <c>~/.tuner/keys/report-signing.pem</c>. Key id: <c>local:</c> + lowercase hex SHA-256 of the SubjectPublicKeyInfo.
/// </summary>
public sealed class LocalSigningKey
{
    public const string PrivateKeyFileName = "report-signing.pem";
    public const string PublicKeyFileName = "report-signing.pub.pem";

    /// <summary>What every local key id starts with.</summary>
    public const string KeyIdPrefix = "local:";

    private LocalSigningKey(string privateKeyPath, string privateKeyPem, string publicKeyPem, string keyId)
    {
        PrivateKeyPath = privateKeyPath;
        PrivateKeyPem = privateKeyPem;
        PublicKeyPem = publicKeyPem;
        KeyId = keyId;
    }

    public string PrivateKeyPath { get; }

    /// <summary><c>report-signing.pub.pem</c> beside the private key at <paramref name="privateKeyPath"/>.</summary>
    public static string PublicKeyPathFor(string privateKeyPath) => Path.Combine(Path.GetDirectoryName(privateKeyPath) ?? ".", PublicKeyFileName);

    /// <summary><c>report-signing.pub.pem</c> beside the private key.</summary>
    public string PublicKeyPath => PublicKeyPathFor(PrivateKeyPath);

    public string PublicKeyPem { get; }

    public string KeyId { get; }

    internal string PrivateKeyPem { get; }

    /// <summary><c>{tunerHome}/keys/report-signing.pem</c>, with <paramref name="tunerHome"/> defaulting to <c>{userHome}/.tuner</c>.</summary>
    public static string DefaultPath(string? tunerHome, string userHome) =>
        Path.Combine(string.IsNullOrEmpty(tunerHome) ? Path.Combine(userHome, ".tuner") : tunerHome, "keys", PrivateKeyFileName);

    /// <summary><c>local:</c> + SHA-256 fingerprint of the key's SubjectPublicKeyInfo.</summary>
    public static string KeyIdOf(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return KeyIdPrefix + Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>Loads the key at <paramref name="privateKeyPath"/>, creating it (and the public key file) when missing.</summary>
    public static LocalSigningKey LoadOrCreate(string privateKeyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPath);
        var fullPath = Path.GetFullPath(privateKeyPath);
        if (!File.Exists(fullPath))
        {
            Create(fullPath);
        }

        var pem = File.ReadAllText(fullPath);
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{fullPath} is not an EC private key PEM: {e.Message}", e);
        }

        if (key.KeySize != 256)
        {
            throw new InvalidOperationException($"{fullPath} holds a {key.KeySize}-bit key; report signing uses ECDSA P-256");
        }

        var publicPem = key.ExportSubjectPublicKeyInfoPem();
        var loaded = new LocalSigningKey(fullPath, pem, publicPem, KeyIdOf(key));
        if (!File.Exists(loaded.PublicKeyPath))
        {
            File.WriteAllText(loaded.PublicKeyPath, publicPem);
        }

        return loaded;
    }

    private static void Create(string fullPath)
    {
        var directory = Path.GetDirectoryName(fullPath) ?? ".";
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var temporary = Path.Combine(directory, $".{PrivateKeyFileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }

        try
        {
            // Another process may have created the key meanwhile: keep theirs, so every report is signed by one key.
            File.Move(temporary, fullPath, overwrite: false);
            File.WriteAllText(Path.Combine(directory, PublicKeyFileName), key.ExportSubjectPublicKeyInfoPem());
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            File.Delete(temporary);
        }
    }
}
