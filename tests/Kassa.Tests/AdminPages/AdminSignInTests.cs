using System.Net;
using Kassa.Tests.Http;

namespace Kassa.Tests.AdminPages;

/// <summary>
/// Signing in to /admin with the admin key: the session cookie's attributes, a wrong key refused and counted against the
/// address (the same lockout as the API's), a form without its antiforgery token refused, and sign-out ending the session.
/// </summary>
public sealed class AdminSignInTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task A_page_without_a_session_sends_the_owner_to_sign_in()
    {
        using var response = await factory.Anonymous().GetAsync("/admin/orders");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/sign-in", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_right_key_signs_in_with_an_HttpOnly_SameSite_Strict_cookie_under_admin()
    {
        var session = new AdminSession(factory);
        using var answer = await session.PostAsync("/admin/sign-in", "/admin/sign-in", ("key", KassaFactory.AdminKey));

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var cookie = Assert.Single(answer.Headers.GetValues("Set-Cookie"), c => c.StartsWith("kassa_admin=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/admin", attributes);
        Assert.DoesNotContain("secure", attributes);
        Assert.Contains("Today", await session.PageAsync("/admin"));
    }

    [Fact]
    public async Task Over_HTTPS_the_session_cookie_is_Secure()
    {
        var session = new AdminSession(factory, baseAddress: new Uri("https://localhost"));
        using var answer = await session.PostAsync("/admin/sign-in", "/admin/sign-in", ("key", KassaFactory.AdminKey));

        var cookie = Assert.Single(answer.Headers.GetValues("Set-Cookie"), c => c.StartsWith("kassa_admin=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_sets_no_session()
    {
        var session = new AdminSession(factory);
        using var answer = await session.PostAsync("/admin/sign-in", "/admin/sign-in", ("key", "not-the-key"));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains("That is not the admin key.", await answer.Content.ReadAsStringAsync());
        Assert.False(answer.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("kassa_admin=", StringComparison.Ordinal)));
        using var page = await session.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        var session = await AdminSession.SignedInAsync(factory);
        var before = await factory.Admin().GetStringAsync("/admin/api/ecommerce/v1/settings");

        await session.PageAsync("/admin/settings");
        using var answer = await session.PostRawAsync("/admin/settings",
            ("price_entry_mode", "gross"), ("default_currency", "EUR"), ("default_tax_rate", "20"), ("languages", "en"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(before, await factory.Admin().GetStringAsync("/admin/api/ecommerce/v1/settings"));
    }

    [Fact]
    public async Task A_token_from_another_browser_is_refused()
    {
        var mine = await AdminSession.SignedInAsync(factory);
        var theirs = await AdminSession.SignedInAsync(factory);
        var theirToken = AdminSession.Token(await theirs.PageAsync("/admin/settings"));

        await mine.PageAsync("/admin/settings");
        using var answer = await mine.PostRawAsync("/admin/sign-out", ("__RequestVerificationToken", theirToken));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        await mine.PageAsync("/admin");
    }

    [Fact]
    public async Task Sign_out_ends_the_session_and_a_copy_of_its_cookie_is_refused()
    {
        var session = await AdminSession.SignedInAsync(factory);
        var copy = new AdminSession(factory);
        copy.Cookies["kassa_admin"] = session.Cookies["kassa_admin"];
        await copy.PageAsync("/admin");

        using var signedOut = await session.PostAsync("/admin", "/admin/sign-out");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/admin/sign-in", signedOut.Headers.Location?.OriginalString);
        Assert.False(session.Cookies.ContainsKey("kassa_admin"));

        using var again = await copy.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/admin/sign-in", again.Headers.Location?.OriginalString);
    }
}

/// <summary>Sign-out is kept in the database: every instance on it refuses the cookie, until it would have expired.</summary>
public sealed class AdminSignOutAcrossInstancesTests
{
    [Fact]
    public async Task A_signed_out_cookie_is_refused_by_another_instance_and_forgotten_once_it_would_have_expired()
    {
        var first = await KassaFactory.CreateAsync();
        first.KeepDatabase = true;
        await using var second = KassaFactory.OnDatabaseOf(first);
        await second.InitializeAsync();
        try
        {
            var session = await AdminSession.SignedInAsync(first);
            var copy = new AdminSession(second);
            copy.Cookies["kassa_admin"] = session.Cookies["kassa_admin"];
            Assert.Contains("Today", await copy.PageAsync("/admin"));

            using var signedOut = await session.PostAsync("/admin", "/admin/sign-out");
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

            using var refused = await copy.GetAsync("/admin");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal("/admin/sign-in", refused.Headers.Location?.OriginalString);

            // The next sign-out after the session would have expired deletes its row.
            first.Clock.Advance(Kassa.AdminPages.AdminSessions.Lifetime + TimeSpan.FromMinutes(1));
            var later = await AdminSession.SignedInAsync(first);
            using var _ = await later.PostAsync("/admin", "/admin/sign-out");
            await using var scope = first.Scope(out var db);
            Assert.Single(db.AdminSignOuts);
        }
        finally
        {
            await first.DisposeAsync();
        }
    }
}

/// <summary>Wrong keys typed into the sign-in form lock the address out exactly as wrong API keys do.</summary>
public sealed class AdminSignInThrottleTests
{
    [Fact]
    public async Task Wrong_keys_in_the_form_lock_the_address_out_the_right_key_included_until_the_time_is_up()
    {
        await using var kassa = await ClientAddressFactory.StartAsync(
            ("Kassa:RateLimits:AdminAuthentication:FailureLimit", "3"),
            ("Kassa:RateLimits:AdminAuthentication:WindowSeconds", "60"),
            ("Kassa:RateLimits:AdminAuthentication:LockoutSeconds", "300"));
        var guesser = new AdminSession(kassa.Factory, "203.0.113.7");
        var owner = new AdminSession(kassa.Factory, "198.51.100.20");

        for (var i = 0; i < 2; i++)
        {
            using var wrong = await guesser.PostAsync("/admin/sign-in", "/admin/sign-in", ("key", $"guess-{i}"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using (var third = await guesser.PostAsync("/admin/sign-in", "/admin/sign-in", ("key", "guess-2")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(300), third.Headers.RetryAfter?.Delta);
        }
        using (var right = await guesser.PostAsync("/admin/sign-in", "/admin/sign-in", ("key", KassaFactory.AdminKey)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
            Assert.Contains("Too many wrong keys came from your address", await right.Content.ReadAsStringAsync());
        }
        // The API's own lockout holds the same address: the form is no way around it.
        var api = kassa.Factory.From("203.0.113.7", KassaFactory.AdminKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync("/admin/api/ecommerce/v1/settings")).StatusCode);

        using (var elsewhere = await owner.PostAsync("/admin/sign-in", "/admin/sign-in", ("key", KassaFactory.AdminKey)))
            Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);

        kassa.Factory.Clock.Advance(TimeSpan.FromSeconds(301));
        using var later = await guesser.PostAsync("/admin/sign-in", "/admin/sign-in", ("key", KassaFactory.AdminKey));
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }
}
