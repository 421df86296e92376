using System.Net;
using Kassa.AdminPages;
using Kassa.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kassa.Tests.AdminPages;

/// <summary>
/// <c>Kassa:KeyRingDirectory</c>: instances given one folder accept each other's admin forms (the antiforgery token is
/// protected with the key ring kept there); an instance with another folder refuses them.
/// </summary>
public sealed class AdminKeyRingTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kassa-tests", "keys-" + Guid.NewGuid().ToString("N"));
    private readonly List<KassaFactory> _hosts = [];

    private async Task<KassaFactory> HostAsync(string keys)
    {
        var host = await KassaFactory.CreateAsync(("Kassa:KeyRingDirectory", keys));
        _hosts.Add(host);
        return host;
    }

    /// <summary>The sign-in form as one instance serves it, posted with its cookies and token to another.</summary>
    private static async Task<HttpResponseMessage> SignInAcross(KassaFactory opened, KassaFactory posted)
    {
        var browser = new AdminSession(opened);
        var token = AdminSession.Token(await browser.PageAsync("/admin/sign-in"));
        var other = new AdminSession(posted);
        foreach (var (name, value) in browser.Cookies) other.Cookies[name] = value;
        return await other.PostRawAsync("/admin/sign-in", ("key", KassaFactory.AdminKey), ("__RequestVerificationToken", token));
    }

    [Fact]
    public async Task Instances_that_share_the_folder_accept_each_others_forms_and_keep_the_keys_there()
    {
        var first = await HostAsync(Path.Combine(_folder, "shared"));
        var second = await HostAsync(Path.Combine(_folder, "shared"));

        using var answer = await SignInAcross(first, second);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/admin", answer.Headers.Location?.OriginalString);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_folder, "shared"), "key-*.xml"));
        // Not the content root's path, which differs between two installs.
        Assert.Equal(KeyRing.ApplicationName, second.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
    }

    [Fact]
    public async Task An_instance_with_another_folder_refuses_them()
    {
        var first = await HostAsync(Path.Combine(_folder, "one"));
        var second = await HostAsync(Path.Combine(_folder, "other"));

        using var answer = await SignInAcross(first, second);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public void A_folder_that_cannot_be_made_is_one_sentence()
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "state");
        File.WriteAllText(file, "not a folder");

        var problem = Assert.Throws<StartupProblem>(() => new ServiceCollection().AddKeyRingIn(Path.Combine(file, "keys")));

        Assert.Single(problem.Message.Split('\n'));
        Assert.StartsWith($"The folder for the key ring, {Path.Combine(file, "keys")}, could not be created", problem.Message);
        Assert.EndsWith("set Kassa:KeyRingDirectory to a folder Kassa may write, e.g. Kassa__KeyRingDirectory=/var/lib/kassa/keys.", problem.Message);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
