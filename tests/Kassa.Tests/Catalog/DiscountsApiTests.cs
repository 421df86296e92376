using System.Net;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kassa.Tests.Catalog.CatalogApi;

namespace Kassa.Tests.Catalog;

public sealed class DiscountsApiTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    private readonly HttpClient _admin = factory.Admin();

    [Fact]
    public async Task The_demo_discount_is_the_voog_seed_one()
    {
        var xmas = await (await _admin.GetAsync($"{DiscountsPath}/1")).Expect(HttpStatusCode.OK);

        Assert.Equal("XMAS", xmas.Str("code"));
        Assert.Equal("percentage", xmas.Str("discount_type"));
        Assert.Equal("33.0", xmas.Str("amount"));
        Assert.Equal("products", xmas.Str("applies_to"));
        Assert.Equal("open", xmas.Str("status"));
        Assert.Equal(0, xmas.GetProperty("redemption_count").GetInt32());
    }

    [Fact]
    public async Task Crud_round_trip()
    {
        var response = await _admin.PostJson(DiscountsPath, """
            {"code":" Spring10 ","name":"Spring","description":"Ten off","discount_type":"fixed_amount","amount":"10.00",
             "applies_to":"order","redemption_limit":100,"valid_from":"2026-03-01T00:00:00+02:00","valid_to":"2026-05-31T23:59:59Z",
             "redemption_count":50}
            """);
        var created = await response.Expect(HttpStatusCode.Created);
        var id = created.Id();

        Assert.Equal($"{DiscountsPath}/{id}", response.Headers.Location?.AbsolutePath);
        Assert.Equal("Spring10", created.Str("code"));
        Assert.Equal("Spring", created.Str("name"));
        Assert.Equal("Ten off", created.Str("description"));
        Assert.Equal("fixed_amount", created.Str("discount_type"));
        Assert.Equal("10.0", created.Str("amount"));
        Assert.Equal("EUR", created.Str("currency"));
        Assert.Equal("order", created.Str("applies_to"));
        Assert.Equal(100, created.GetProperty("redemption_limit").GetInt32());
        Assert.Equal(0, created.GetProperty("redemption_count").GetInt32()); // not settable
        Assert.Equal(new DateTime(2026, 2, 28, 22, 0, 0, DateTimeKind.Utc), created.GetProperty("valid_from").GetDateTime().ToUniversalTime());
        Assert.Equal(new DateTime(2026, 5, 31, 23, 59, 59, DateTimeKind.Utc), created.GetProperty("valid_to").GetDateTime().ToUniversalTime());

        var fetched = await (await _admin.GetAsync($"{DiscountsPath}/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(created.ToString(), fetched.ToString());

        var updated = await (await _admin.PutJson($"{DiscountsPath}/{id}", """{"status":"closed","valid_to":null,"code":"spring10"}""")).Expect(HttpStatusCode.OK);
        Assert.Equal("closed", updated.Str("status"));
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("valid_to").ValueKind);
        Assert.Equal("spring10", updated.Str("code")); // its own code in another case is no clash
        Assert.Equal("10.0", updated.Str("amount"));
        Assert.Equal("fixed_amount", updated.Str("discount_type"));

        await (await _admin.DeleteAsync($"{DiscountsPath}/{id}")).Expect(HttpStatusCode.NoContent);
        await (await _admin.GetAsync($"{DiscountsPath}/{id}")).ExpectProblem(HttpStatusCode.NotFound);
        await (await _admin.PutJson($"{DiscountsPath}/{id}", """{"status":"open"}""")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Codes_are_unique_whatever_their_case()
    {
        var first = (await (await _admin.PostJson(DiscountsPath, """{"code":"Summer","amount":5}""")).Expect(HttpStatusCode.Created)).Id();
        var second = (await (await _admin.PostJson(DiscountsPath, """{"code":"Autumn","amount":5}""")).Expect(HttpStatusCode.Created)).Id();
        var before = await factory.Snapshot();

        var clash = await (await _admin.PostJson(DiscountsPath, """{"code":"SUMMER","amount":7}""")).ExpectProblem(HttpStatusCode.Conflict, "code", title: "Conflict");
        Assert.Contains("SUMMER", clash.GetProperty("detail").GetString());
        await (await _admin.PutJson($"{DiscountsPath}/{second}", """{"code":"summer"}""")).ExpectProblem(HttpStatusCode.Conflict, "code");

        Assert.Equal(before, await factory.Snapshot());
        var summers = await (await _admin.GetAsync($"{DiscountsPath}?q.discount.code.$cont=UMM")).Expect(HttpStatusCode.OK);
        Assert.Equal([first], summers.Ids());
    }

    [Fact]
    public async Task Concurrent_creates_of_one_code_make_one_discount_and_409s()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            factory.Admin().PostJson(DiscountsPath, $$"""{"code":"{{(i % 2 == 0 ? "race" : "RACE")}}","amount":{{i + 1}}}""")));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(11, statuses.Count(s => s == HttpStatusCode.Conflict));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            await conflict.ExpectProblem(HttpStatusCode.Conflict, title: "Conflict");
        Assert.Equal(1, await factory.Count(db => db.Discounts.Where(d => d.NormalizedCode == "RACE")));
    }

    [Fact]
    public async Task A_field_error_is_reported_before_a_code_clash()
    {
        await (await _admin.PostJson(DiscountsPath, """{"code":"xmas","amount":500}""")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "amount");
    }

    [Fact]
    public async Task A_time_without_offset_is_utc()
    {
        var created = await (await _admin.PostJson(DiscountsPath, """{"code":"LOCALTIME","amount":5,"valid_from":"2026-12-01T08:30:00"}""")).Expect(HttpStatusCode.Created);
        Assert.Equal("2026-12-01T08:30:00.000Z", created.Str("valid_from"));

        await using var scope = factory.Scope(out var db);
        var stored = await db.Discounts.AsNoTracking().SingleAsync(d => d.Id == created.Id());
        Assert.Equal(new DateTime(2026, 12, 1, 8, 30, 0, DateTimeKind.Utc), stored.ValidFrom);
    }

    [Fact]
    public async Task Switching_to_a_percentage_rechecks_the_amount()
    {
        var id = (await (await _admin.PostJson(DiscountsPath, """{"code":"BIGFIX","amount":250,"discount_type":"fixed_amount"}""")).Expect(HttpStatusCode.Created)).Id();

        await (await _admin.PutJson($"{DiscountsPath}/{id}", """{"discount_type":"percentage"}""")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "amount");
        var ok = await (await _admin.PutJson($"{DiscountsPath}/{id}", """{"discount_type":"percentage","amount":25}""")).Expect(HttpStatusCode.OK);
        Assert.Equal("percentage", ok.Str("discount_type"));
        Assert.Equal("25.0", ok.Str("amount"));
    }

    [Fact]
    public async Task Filters_on_dates_and_text()
    {
        var early = (await (await _admin.PostJson(DiscountsPath, """{"code":"EARLY","amount":5,"valid_to":"2026-01-31T00:00:00Z"}""")).Expect(HttpStatusCode.Created)).Id();
        var late = (await (await _admin.PostJson(DiscountsPath, """{"code":"LATE","amount":5,"valid_to":"2027-01-31T00:00:00Z"}""")).Expect(HttpStatusCode.Created)).Id();

        var before = await (await _admin.GetAsync($"{DiscountsPath}?q.discount.valid_to.$lt=2026-06-01")).Expect(HttpStatusCode.OK);
        Assert.Equal([early], before.Ids());
        var after = await (await _admin.GetAsync($"{DiscountsPath}?q.discount.valid_to.$gt=2026-06-01T00:00:00Z")).Expect(HttpStatusCode.OK);
        Assert.Equal([late], after.Ids());
        var exact = await (await _admin.GetAsync($"{DiscountsPath}?q.discount.valid_to.$eq=2027-01-31T00:00:00Z")).Expect(HttpStatusCode.OK);
        Assert.Equal([late], exact.Ids());
        var open = await (await _admin.GetAsync($"{DiscountsPath}?q.discount.code.$eq=LATE&q.discount.status.$eq=open")).Expect(HttpStatusCode.OK);
        Assert.Equal([late], open.Ids());
    }
}
