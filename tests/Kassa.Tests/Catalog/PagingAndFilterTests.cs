using System.Net;
using Kassa.Catalog;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Catalog.CatalogApi;

namespace Kassa.Tests.Catalog;

/// <summary>Paging and Voog filters over the demo catalog (7 products, ids 1–7) plus what each test adds with its own sku prefix.</summary>
public sealed class PagingAndFilterTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private readonly HttpClient _admin = factory.Admin();

    private async Task<(IReadOnlyList<long> Ids, HttpResponseMessage Response)> List(string query)
    {
        var response = await _admin.GetAsync($"{ProductsPath}?{query}");
        var body = await response.Expect(HttpStatusCode.OK);
        return (body.Ids(), response);
    }

    private static string Total(HttpResponseMessage response) => response.Headers.GetValues("X-Total-Count").Single();

    private static Dictionary<string, string> Links(HttpResponseMessage response) =>
        response.Headers.GetValues("Link").Single().Split(", ")
            .Select(link => link.Split("; rel="))
            .ToDictionary(parts => parts[1].Trim('"'), parts => parts[0].Trim('<', '>'));

    [Fact]
    public async Task Pages_with_total_count_and_link_headers()
    {
        var (first, firstResponse) = await List("per_page=2&q.product.id.$lt=8");
        Assert.Equal([1L, 2L], first);
        Assert.Equal("7", Total(firstResponse));
        var links = Links(firstResponse);
        Assert.Equal(["first", "last", "next"], links.Keys.Order());
        Assert.Contains("page=2", links["next"]);
        Assert.Contains("page=4", links["last"]);
        Assert.Contains("per_page=2", links["next"]);
        Assert.Contains("q.product.id.%24lt=8", links["next"]);
        Assert.StartsWith(ProductsPath + "?", links["first"]);

        // Following "next" walks the whole list, in id order, without repeats.
        var seen = new List<long>(first);
        var next = links["next"];
        while (true)
        {
            var response = await _admin.GetAsync(next);
            seen.AddRange((await response.Expect(HttpStatusCode.OK)).Ids());
            if (!Links(response).TryGetValue("next", out var following)) break;
            next = following;
        }
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], seen);

        var (last, lastResponse) = await List("per_page=2&page=4&q.product.id.$lt=8");
        Assert.Equal([7L], last);
        Assert.Equal(["first", "last", "prev"], Links(lastResponse).Keys.Order());
        Assert.Contains("page=3", Links(lastResponse)["prev"]);

        var (beyond, beyondResponse) = await List("per_page=2&page=9&q.product.id.$lt=8");
        Assert.Empty(beyond);
        Assert.Equal("7", Total(beyondResponse));
    }

    [Fact]
    public async Task Default_page_size_is_50_and_250_is_the_most()
    {
        // A host of its own, so the bulk rows do not crowd the other tests' lists.
        var bulk = new KassaFactory().With("Kassa:SeedDemoData", "false");
        await bulk.InitializeAsync();
        try
        {
            await using (var scope = bulk.Scope(out var db))
            {
                for (var i = 0; i < 260; i++)
                    db.Products.Add(new Product { Name = $"Bulk {i}", Sku = $"BULK-{i:000}", Price = 1m + i });
                await db.SaveChangesAsync();
            }
            var admin = bulk.Admin();

            var response = await admin.GetAsync(ProductsPath);
            var page = (await response.Expect(HttpStatusCode.OK)).Ids();
            Assert.Equal(50, page.Count);
            Assert.Equal("260", Total(response));
            Assert.Contains("per_page=50", Links(response)["next"]);
            Assert.Contains("page=6", Links(response)["last"]);

            var most = (await (await admin.GetAsync($"{ProductsPath}?per_page=250")).Expect(HttpStatusCode.OK)).Ids();
            Assert.Equal(250, most.Count);
            var rest = (await (await admin.GetAsync($"{ProductsPath}?per_page=250&page=2")).Expect(HttpStatusCode.OK)).Ids();
            Assert.Equal(10, rest.Count);
            Assert.Empty(most.Intersect(rest));
            Assert.Equal(260, most.Concat(rest).Distinct().Count());

            var problem = await (await admin.GetAsync($"{ProductsPath}?per_page=251")).ExpectProblem(HttpStatusCode.BadRequest, "per_page");
            Assert.Contains("250", problem.ErrorText("per_page"));
        }
        finally
        {
            await bulk.DisposeAsync();
        }
    }

    [Theory]
    // Numbers are compared as decimals, not as text: "100" < "19.9" as text, 9.99 < 100 as numbers.
    [InlineData("q.product.price.$gt=100", new long[] { IonDrive, SpaceSuit })]
    [InlineData("q.product.price.$lt=20", new long[] { StarChart, Shirt, RedShirt, BlueShirt })]
    [InlineData("q.product.price.$gt=19.9", new long[] { IonDrive, SpaceSuit, GiftCard })]
    [InlineData("q.product.price.$gt=19.89", new long[] { IonDrive, SpaceSuit, GiftCard, Shirt, RedShirt, BlueShirt })]
    [InlineData("q.product.price.$eq=19.90", new long[] { Shirt, RedShirt, BlueShirt })]
    [InlineData("q.product.price.$eq=19.9", new long[] { Shirt, RedShirt, BlueShirt })]
    [InlineData("q.product.price.$not_eq=19.9", new long[] { IonDrive, SpaceSuit, StarChart, GiftCard })]
    [InlineData("q.product.price.$lt=9.991", new long[] { StarChart })]
    [InlineData("q.product.price.$gt=9.989&q.product.price.$lt=10", new long[] { StarChart })]
    [InlineData("q.product.price.$eq=2475.25", new long[] { IonDrive })]
    [InlineData("q.product.tax_rate.$eq=null", new long[] { SpaceSuit })]
    [InlineData("q.product.tax_rate.$not_eq=null", new long[] { IonDrive, StarChart, GiftCard, Shirt, RedShirt, BlueShirt })]
    [InlineData("q.product.tax_rate.$lt=5", new long[] { IonDrive, GiftCard })]
    [InlineData("q.product.stock.$gt=5", new long[] { IonDrive, RedShirt })]
    [InlineData("q.product.stock.$lt=1", new long[] { BlueShirt })]
    [InlineData("q.product.stock.$eq=null", new long[] { StarChart, GiftCard, Shirt })]
    [InlineData("q.product.id.$gt=5", new long[] { RedShirt, BlueShirt })]
    [InlineData("q.product.parent_id.$eq=5", new long[] { RedShirt, BlueShirt })]
    [InlineData("q.product.parent_id.$eq=null&q.product.id.$lt=8", new long[] { IonDrive, SpaceSuit, StarChart, GiftCard, Shirt })]
    [InlineData("q.product.name.$eq=Gift card", new long[] { GiftCard })]
    [InlineData("q.product.name.$eq=gift card", new long[] { })]
    [InlineData("q.product.name.$cont=SHIRT", new long[] { Shirt, RedShirt, BlueShirt })]
    [InlineData("q.product.name.$not_eq=Mission T-shirt&q.product.id.$lt=8", new long[] { IonDrive, SpaceSuit, StarChart, GiftCard })]
    [InlineData("q.product.sku.$cont=tee-", new long[] { RedShirt, BlueShirt })]
    [InlineData("q.product.sku.$eq=SUIT-1", new long[] { SpaceSuit })]
    [InlineData("q.product.description.$cont=journeys", new long[] { IonDrive })]
    [InlineData("q.product.status.$eq=live&q.product.price.$gt=500", new long[] { IonDrive, SpaceSuit })]
    [InlineData("q.product.status.$eq=draft", new long[] { })]
    public async Task Filters_select_the_matching_products(string query, long[] expected)
    {
        var (ids, response) = await List(query + "&per_page=250");
        Assert.Equal(expected, ids.Where(id => id <= BlueShirt));
        Assert.Equal(expected.Length, ids.Count(id => id <= BlueShirt));
        Assert.Equal(ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Total(response));
    }

    [Fact]
    public async Task Filters_on_times_are_exact_to_the_instant()
    {
        var start = factory.Clock.GetUtcNow().UtcDateTime;
        factory.Clock.Advance(TimeSpan.FromDays(1));
        var a = (await (await _admin.PostJson(ProductsPath, """{"name":"Time A","sku":"TIME-A","price":1}""")).Expect(HttpStatusCode.Created)).Id();
        var aTime = factory.Clock.GetUtcNow().UtcDateTime;
        factory.Clock.Advance(TimeSpan.FromHours(2));
        var b = (await (await _admin.PostJson(ProductsPath, """{"name":"Time B","sku":"TIME-B","price":2}""")).Expect(HttpStatusCode.Created)).Id();
        factory.Clock.Advance(TimeSpan.FromHours(2));
        await (await _admin.PutJson($"{ProductsPath}/{a}", """{"price":3}""")).Expect(HttpStatusCode.OK);

        string At(DateTime t) => Uri.EscapeDataString(t.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([a, b], (await List($"q.product.created_at.$gt={At(start)}")).Ids);
        Assert.Equal([b], (await List($"q.product.created_at.$gt={At(aTime)}")).Ids);
        Assert.Equal([a], (await List($"q.product.created_at.$eq={At(aTime)}")).Ids);
        Assert.Equal([a], (await List($"q.product.created_at.$gt={At(start)}&q.product.created_at.$lt={At(aTime.AddHours(1))}")).Ids);
        Assert.Equal([a], (await List($"q.product.updated_at.$gt={At(aTime.AddHours(3))}")).Ids);
        // A date alone is midnight UTC; an offset is honoured.
        Assert.Equal([a, b], (await List($"q.product.created_at.$gt={start.AddDays(1):yyyy-MM-dd}")).Ids);
        Assert.Equal([b], (await List($"q.product.created_at.$gt={Uri.EscapeDataString(aTime.AddHours(3).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "+02:00")}")).Ids);
    }
}
