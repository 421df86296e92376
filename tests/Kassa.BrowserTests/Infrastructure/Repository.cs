namespace Kassa.BrowserTests.Infrastructure;

/// <summary>Paths in this repository, found from the test's output folder.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The storefront's files as Kassa ships them.</summary>
    public static string StorefrontFiles => Path.Combine(Root, "src", "Kassa", "wwwroot");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kassa.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No Kassa.slnx above {AppContext.BaseDirectory}.");
    }
}
