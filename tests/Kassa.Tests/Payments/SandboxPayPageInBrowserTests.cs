using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Kassa.Tests.Checkout;
using static Kassa.Tests.Checkout.CheckoutApi;

namespace Kassa.Tests.Payments;

/// <summary>
/// The sandbox pay page as a browser runs it under the page's own headers: its forms' posts carry the Origin a browser
/// sends under the page's Referrer-Policy, and its markup holds nothing the page's Content-Security-Policy blocks.
/// (Kassa.BrowserTests drive the same page in Chromium.)
/// </summary>
public sealed class SandboxPayPageInBrowserTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private async Task<(string PaymentUrl, long OrderId)> PlaceOrder()
    {
        var client = factory.Anonymous();
        var (cart, _) = await client.VoogCart((1, 1));
        var order = await (await client.PostAsJsonAsync($"{VoogCarts}/{cart}/checkout",
            new { gateway_code = "sandbox", return_url = "https://shop.example/done" })).Expect(HttpStatusCode.OK);
        return (order.GetProperty("urls").Str("payment_url")!, order.GetProperty("id").GetInt64());
    }

    /// <summary>
    /// The Origin a browser puts on a same-origin form post, by the Fetch standard's "serializing a request origin":
    /// under <c>no-referrer</c> it is <c>null</c>; under the other policies a same-origin request names its origin.
    /// </summary>
    private static string BrowserOrigin(string referrerPolicy, string pageOrigin) => referrerPolicy == "no-referrer" ? "null" : pageOrigin;

    [Fact]
    public async Task Pay_posted_by_a_browser_from_the_page_goes_through()
    {
        var (paymentUrl, orderId) = await PlaceOrder();
        var client = factory.Anonymous();
        var page = await client.GetAsync(new Uri(paymentUrl).PathAndQuery);
        var policy = Assert.Single(page.Headers.GetValues("Referrer-Policy"));
        var (action, fields) = await client.SandboxForm(paymentUrl, "pay");

        var post = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Origin", BrowserOrigin(policy, "http://localhost"));
        post.Headers.Add("Sec-Fetch-Site", "same-origin");
        var answer = await client.SendAsync(post);

        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        Assert.Equal("https://shop.example/done", answer.Headers.Location?.ToString());
        Assert.Equal("paid", (await factory.GetOrder(orderId)).Str("payment_status"));
    }

    [Fact]
    public async Task The_page_has_no_style_attribute_its_policy_would_block()
    {
        var (paymentUrl, _) = await PlaceOrder();
        var page = await factory.Anonymous().GetAsync(new Uri(paymentUrl).PathAndQuery);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));

        // A style-src of hashes only (no 'unsafe-inline', no 'unsafe-hashes') applies no style="…" attribute.
        Assert.DoesNotContain("unsafe", policy);
        Assert.DoesNotMatch(new Regex(@"\sstyle\s*="), await page.Content.ReadAsStringAsync());
    }
}
