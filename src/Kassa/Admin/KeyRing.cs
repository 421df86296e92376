using Kassa.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace Kassa.AdminPages;

/// <summary>
/// Data Protection's key ring in the folder <c>Kassa:KeyRingDirectory</c> names: instances that share the folder read
/// each other's antiforgery tokens. They also need one application name, which otherwise is the content root's path
/// and so differs between two installs.
/// </summary>
public static class KeyRing
{
    public const string ApplicationName = "kassa";

    public static IServiceCollection AddKeyRingIn(this IServiceCollection services, string folder)
    {
        var path = Path.GetFullPath(folder.Trim());
        // Made now, so that a folder Kassa may not write stops the start with a sentence, not the admin's first form.
        StartupFolder.Create(path, "the key ring", "set Kassa:KeyRingDirectory to a folder Kassa may write, e.g. Kassa__KeyRingDirectory=/var/lib/kassa/keys");
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(path))
            .SetApplicationName(ApplicationName);
        return services;
    }
}
