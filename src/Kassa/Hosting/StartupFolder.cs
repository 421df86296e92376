namespace Kassa.Hosting;

/// <summary>
/// A folder Kassa writes in, made at start-up, or a sentence saying why it cannot be: the system's own words for a path
/// with a file in the way ("Could not find a part of the path") or an unwritable parent would send the reader looking in
/// the wrong place, and a folder that fails later fails in the middle of a request.
/// </summary>
public static class StartupFolder
{
    /// <param name="folder">The full path.</param>
    /// <param name="holds">What the folder is for, as in "the folder for <paramref name="holds"/>".</param>
    /// <param name="fix">The setting to change and a right value.</param>
    public static void Create(string folder, string holds, string fix)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The nearest part of the path that exists: a file there is what stops it, or else that folder's permissions.
            var parent = folder;
            while (parent is not null && !Directory.Exists(parent) && !File.Exists(parent)) parent = Path.GetDirectoryName(parent);
            var reason = parent is not null && File.Exists(parent) ? $"{parent} is a file, not a folder"
                : e is UnauthorizedAccessException ? $"Kassa may not write in {parent}"
                : $"the system refused to create it in {parent}";
            throw new StartupProblem($"The folder for {holds}, {folder}, could not be created ({reason}); {fix}.", e);
        }
    }
}
