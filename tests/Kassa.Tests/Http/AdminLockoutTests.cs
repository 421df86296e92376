using System.Net;
using System.Text;

namespace Kassa.Tests.Http;

/// <summary>
/// Wrong admin keys lock their address out (Kassa:RateLimits:AdminAuthentication): after the limit within the window,
/// any request from it that carries a key is a 429 with Retry-After, the right key included, until the lockout ends on
/// the clock; other addresses are not affected.
/// </summary>
public sealed class AdminLockoutTests
{
    private const string Settings = "/admin/api/ecommerce/v1/settings";

    private static readonly (string, string?)[] ThreeInAMinute =
    [
        ("Kassa:RateLimits:AdminAuthentication:FailureLimit", "3"),
        ("Kassa:RateLimits:AdminAuthentication:WindowSeconds", "60"),
        ("Kassa:RateLimits:AdminAuthentication:LockoutSeconds", "300"),
    ];

    private static async Task ExpectLockedOut(HttpResponseMessage response, int retryAfter)
    {
        await response.ExpectProblem(HttpStatusCode.TooManyRequests, text: "Too many wrong admin keys");
        Assert.Equal(TimeSpan.FromSeconds(retryAfter), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Wrong_keys_lock_their_address_out_for_a_while_and_no_other()
    {
        await using var kassa = await ClientAddressFactory.StartAsync(ThreeInAMinute);
        var attacker = kassa.Factory.From("203.0.113.66", "guess");
        var attackerWithTheKey = kassa.Factory.From("203.0.113.66", KassaFactory.AdminKey);
        var owner = kassa.Factory.From("198.51.100.10", KassaFactory.AdminKey);

        for (var i = 0; i < 3; i++) await (await attacker.GetAsync(Settings)).ExpectProblem(HttpStatusCode.Unauthorized);
        await ExpectLockedOut(await attacker.GetAsync(Settings), retryAfter: 300);
        // Even the right key is refused from there, so guessing cannot go on; the owner elsewhere is not affected.
        await ExpectLockedOut(await attackerWithTheKey.GetAsync(Settings), retryAfter: 300);
        await (await owner.GetAsync(Settings)).Expect(HttpStatusCode.OK);
        // A request from the address without any key is not an admin request and goes on.
        await (await kassa.Factory.From("203.0.113.66").PostAsync("/api/cart", new StringContent("{}", Encoding.UTF8, "application/json")))
            .Expect(HttpStatusCode.Created);

        kassa.Factory.Clock.Advance(TimeSpan.FromSeconds(299));
        await ExpectLockedOut(await attackerWithTheKey.GetAsync(Settings), retryAfter: 1);
        kassa.Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await (await attackerWithTheKey.GetAsync(Settings)).Expect(HttpStatusCode.OK);
        // The count starts again after the lockout.
        for (var i = 0; i < 2; i++) await (await attacker.GetAsync(Settings)).ExpectProblem(HttpStatusCode.Unauthorized);
        await (await attackerWithTheKey.GetAsync(Settings)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Failures_further_apart_than_the_window_do_not_add_up()
    {
        await using var kassa = await ClientAddressFactory.StartAsync(ThreeInAMinute);
        var client = kassa.Factory.From("203.0.113.67", "guess");

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 2; i++) await (await client.GetAsync(Settings)).ExpectProblem(HttpStatusCode.Unauthorized);
            kassa.Factory.Clock.Advance(TimeSpan.FromSeconds(61));
        }
        await (await client.GetAsync(Settings)).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_wrong_key_on_an_anonymous_endpoint_counts_too()
    {
        // Otherwise price_data, honoured only with the key, would tell a guesser when a guess was right.
        await using var kassa = await ClientAddressFactory.StartAsync(ThreeInAMinute);
        var guesser = kassa.Factory.From("203.0.113.68", "guess");

        for (var i = 0; i < 3; i++)
            await (await guesser.PostAsync("/api/cart", new StringContent("{}", Encoding.UTF8, "application/json"))).Expect(HttpStatusCode.Created);
        await ExpectLockedOut(await guesser.PostAsync("/api/cart", new StringContent("{}", Encoding.UTF8, "application/json")), retryAfter: 300);
        await ExpectLockedOut(await kassa.Factory.From("203.0.113.68", "Bearer-less").GetAsync(Settings), retryAfter: 300);
    }

    [Fact]
    public async Task Switched_off_with_the_limits()
    {
        await using var kassa = await ClientAddressFactory.StartAsync([.. ThreeInAMinute, ("Kassa:RateLimits:Enabled", "false")]);
        var client = kassa.Factory.From("203.0.113.69", "guess");

        for (var i = 0; i < 5; i++) await (await client.GetAsync(Settings)).ExpectProblem(HttpStatusCode.Unauthorized);
    }
}
