using Kassa.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Primitives;

namespace Kassa.Tests.Http;

[Collection(SharedKassa.Surface)]
public sealed class ConfigurationFileTests(KassaFactory factory)
{
    [Fact]
    public void Appsettings_files_are_polled_for_changes_not_watched()
    {
        var configuration = (IConfigurationRoot)factory.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<JsonConfigurationProvider>().Select(p => p.Source).Where(s => s.ReloadOnChange).ToList();

        // A watcher on the content root would be woken by every write of a database kept under it. Active polling is
        // what makes the provider do without one; its change tokens are then polling tokens.
        Assert.NotEmpty(files);
        Assert.All(files, source =>
        {
            var provider = Assert.IsType<PhysicalFileProvider>(source.FileProvider);
            Assert.True(provider.UseActivePolling, $"{source.Path} is watched, not polled");
            var token = provider.Watch(source.Path!);
            var tokens = token is CompositeChangeToken composite ? composite.ChangeTokens : [token];
            Assert.Contains(tokens, t => t is PollingFileChangeToken);
        });
    }
}
