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
        try
        {
            // Made now, so that a folder Kassa may not write stops the start with a sentence, not the admin's first form.
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupProblem(
                $"The folder for the key ring, {path}, could not be created ({e.Message.TrimEnd('.')}); set Kassa:KeyRingDirectory to a folder Kassa may write, e.g. Kassa__KeyRingDirectory=/var/lib/kassa/keys.", e);
        }
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(path))
            .SetApplicationName(ApplicationName);
        return services;
    }
}
