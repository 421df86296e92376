using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Carts.CartApi;

namespace Kassa.Tests.Carts;

/// <summary>GET carts: admin only, paged, filtered on the cart attributes the seed lists.</summary>
public sealed class VoogCartListTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    [Fact]
    public async Task The_list_needs_the_admin_key()
    {
        var anonymous = factory.Anonymous();
        var response = await anonymous.GetAsync(Voog);
        await response.ExpectProblem(HttpStatusCode.Unauthorized, text: "X-API-TOKEN");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");

        var wrong = factory.Anonymous();
        wrong.DefaultRequestHeaders.Add("X-API-TOKEN", KassaFactory.AdminKey + "x");
        await (await wrong.GetAsync(Voog)).ExpectProblem(HttpStatusCode.Unauthorized);

        var bearer = factory.Anonymous();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KassaFactory.AdminKey);
        await (await bearer.GetAsync(Voog)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Pages_and_filters()
    {
        var shopper = factory.Anonymous();
        var admin = factory.Admin();

        // Everything in this factory's database is made here, so counts are exact.
        var xmas1 = (await shopper.CreateVoogCart(new { items = new[] { new { product_id = 1, quantity = 1 } }, discount_code = "XMAS", shipping_method_id = 1 })).Uuid;
        var plain = (await shopper.CreateVoogCart(new { items = new[] { new { product_id = 3, quantity = 1 } }, note = "plain" })).Uuid;
        var usd = (await shopper.CreateVoogCart(new { currency = "USD", items = new[] { new { product_id = 1, quantity = 1 } } })).Uuid;
        var xmas2 = (await shopper.CreateVoogCart(new { items = new[] { new { product_id = 4, quantity = 1 } }, discount_code = "xmas", shipping_method_id = 2, shipping_method_option = "express" })).Uuid;
        var closed = await shopper.CreateOutshifterCart(session: "closed");
        await factory.SetStatus(closed, "closed");
        var deleted = await shopper.CreateOutshifterCart(session: "deleted");
        await shopper.DeleteAsync($"{Outshifter}/{deleted}");
        var all = new[] { xmas1, plain, usd, xmas2, closed };

        async Task<(List<string> Uuids, JsonElement Body, HttpResponseMessage Response)> List(string query)
        {
            var response = await admin.GetAsync($"{Voog}?{query}");
            var body = await response.Expect(HttpStatusCode.OK);
            return (body.EnumerateArray().Select(c => c.Str("uuid")).ToList(), body, response);
        }

        var (uuids, body, listed) = await List("");
        Assert.Equal(all, uuids);
        Assert.Equal("5", listed.Headers.GetValues("X-Total-Count").Single());
        // Each entry is the full cart object, priced.
        var first = body[0];
        Assert.Equal("1679.2", first.Str("total_amount"));
        Assert.Equal("XMAS", first.GetProperty("discount").Str("code"));
        Assert.Equal(2, first.Items("tax_amounts").Count);
        Assert.False(first.TryGetProperty("items", out _));
        Assert.True((await List("include=items")).Body[0].TryGetProperty("items", out _));

        // Paging: two per page, in creation order.
        var page1 = await List("per_page=2");
        Assert.Equal(all[..2], page1.Uuids);
        var link = page1.Response.Headers.GetValues("Link").Single();
        Assert.Contains("rel=\"next\"", link);
        Assert.Contains("page=2", link);
        Assert.Equal(all[2..4], (await List("per_page=2&page=2")).Uuids);
        Assert.Equal(all[4..], (await List("per_page=2&page=3")).Uuids);
        Assert.Empty((await List("per_page=2&page=4")).Uuids);
        Assert.Equal("5", (await List("per_page=2&page=3")).Response.Headers.GetValues("X-Total-Count").Single());

        // Filters.
        Assert.Equal(new[] { xmas1, plain, usd, xmas2 }, (await List("q.cart.status.$eq=created")).Uuids);
        Assert.Equal(new[] { closed }, (await List("q.cart.status.$eq=closed")).Uuids);
        Assert.Equal(new[] { usd }, (await List("q.cart.currency.$eq=USD")).Uuids);
        Assert.Equal(new[] { xmas1, plain, xmas2, closed }, (await List("q.cart.currency.$eq=EUR")).Uuids);
        Assert.Equal(new[] { xmas1, xmas2 }, (await List("q.cart.discount_code.$eq=XMAS")).Uuids);
        Assert.Equal(new[] { xmas2 }, (await List("q.cart.discount_code.$eq=XMAS&q.cart.shipping_method_option.$eq=express")).Uuids);
        Assert.Equal(new[] { xmas1 }, (await List("q.cart.shipping_method_id.$eq=1")).Uuids);
        Assert.Equal(new[] { plain }, (await List("q.cart.note.$cont=PLA")).Uuids);
        Assert.Equal(new[] { usd }, (await List($"q.cart.uuid.$eq={usd}")).Uuids);
        Assert.Equal(new[] { xmas1, plain, xmas2 }, (await List("q.cart.status.$eq=created&q.cart.currency.$not_eq=USD")).Uuids);
        var filtered = await List("q.cart.status.$eq=created&per_page=1&page=2");
        Assert.Equal(new[] { plain }, filtered.Uuids);
        Assert.Equal("4", filtered.Response.Headers.GetValues("X-Total-Count").Single());
        Assert.Empty((await List("q.cart.discount_code.$eq=NOPE")).Uuids);
    }

    [Theory]
    [InlineData("per_page=0", "per_page")]
    [InlineData("per_page=251", "per_page")]
    [InlineData("per_page=ten", "per_page")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("language_code=1", "language_code")]
    [InlineData("q.cart.colour.$eq=red", "q.cart.colour.$eq")]
    [InlineData("q.cart.status.$like=created", "q.cart.status.$like")]
    [InlineData("q.order.status.$eq=created", "q.order.status.$eq")]
    [InlineData("q.cart.id.$eq=abc", "q.cart.id.$eq")]
    [InlineData("q.cart.created_at.$gt=yesterday", "q.cart.created_at.$gt")]
    [InlineData("q.cart.uuid.$eq=not-a-uuid", "q.cart.uuid.$eq")]
    [InlineData("q.cart.note.$eq=a%00b", "q.cart.note.$eq")]
    [InlineData("q.cart.discount_code.$cont=%00", "q.cart.discount_code.$cont")]
    public async Task Bad_list_parameters_are_400(string query, string field)
    {
        await (await factory.Admin().GetAsync($"{Voog}?{query}")).ExpectProblem(HttpStatusCode.BadRequest, field);
    }
}
