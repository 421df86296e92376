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

    [Theory]
    [InlineData("shared", "shared", HttpStatusCode.Redirect)]
    [InlineData("one", "other", HttpStatusCode.BadRequest)]
    public async Task A_form_opened_on_one_instance_is_accepted_by_another_only_with_the_same_folder(string first, string second, HttpStatusCode expected)
    {
        var opened = await HostAsync(Path.Combine(_folder, first));
        var posted = await HostAsync(Path.Combine(_folder, second));

        using var answer = await SignInAcross(opened, posted);

        Assert.Equal(expected, answer.StatusCode);
    }

    [Fact]
    public async Task The_keys_are_kept_in_the_folder_under_one_application_name()
    {
        var kassa = await HostAsync(Path.Combine(_folder, "kept"));

        await new AdminSession(kassa).PageAsync("/admin/sign-in");

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_folder, "kept"), "key-*.xml"));
        // Not the content root's path, which differs between two installs.
        Assert.Equal(KeyRing.ApplicationName, kassa.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
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
