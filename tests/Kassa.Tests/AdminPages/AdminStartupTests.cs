using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kassa.Tests.AdminPages;

/// <summary>The admin does no work at start-up: the API's cold start stays what it was (bench/run.sh measures it).</summary>
public sealed class AdminStartupTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public void The_antiforgery_keys_are_not_loaded_by_a_hosted_service_at_start()
    {
        var hosted = factory.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
        Assert.DoesNotContain("DataProtectionHostedService", hosted);
    }
}
