using System.Net;
using System.Text.Json;
using Kassa.Tests.Infrastructure;
using static Kassa.Tests.Infrastructure.TestHttp;
using Microsoft.EntityFrameworkCore;

namespace Kassa.Tests.CartRules;

/// <summary>Voog's cart_rules admin API: the shape, the filters, and bad input refused whole.</summary>
public sealed class CartRulesApiTests(KassaFactory factory) : IClassFixture<KassaFactory>
{
    public const string RulesPath = VoogApi + "/cart_rules";

    private readonly HttpClient _admin = factory.Admin();

    /// <summary>Voog's example rule, on the demo's Postal Service (id 1).</summary>
    public const string VoogExample = """
        {"kind":"shipping_cost","target_id":1,"target_kind":"shipping_method",
         "conditions":[{"value":"10.0","comparator":">","field":"items_subtotal_amount","value_type":"decimal"}],
         "result":{"value":"1.0","field":"shipping_subtotal_amount","value_type":"decimal"}}
        """;

    [Fact]
    public async Task Voogs_example_round_trips_in_voogs_shape()
    {
        var response = await _admin.PostJson(RulesPath, VoogExample);
        var created = await response.Expect(HttpStatusCode.Created);
        var id = created.Id();
        Assert.Equal($"{RulesPath}/{id}", response.Headers.Location?.AbsolutePath);
        Assert.Equal(
            ["id", "enabled", "position", "kind", "target_id", "target_kind", "conditions", "result", "valid_from", "valid_to", "created_at", "updated_at"],
            created.Keys());
        Assert.True(created.GetProperty("enabled").GetBoolean());
        Assert.Equal("shipping_cost", created.Str("kind"));
        Assert.Equal(1, created.GetProperty("target_id").GetInt64());
        var condition = created.Items("conditions").Single();
        Assert.Equal(("10.0", ">", "items_subtotal_amount", "decimal"),
            (condition.Str("value"), condition.Str("comparator"), condition.Str("field"), condition.Str("value_type")));
        Assert.Equal(JsonValueKind.Object, condition.GetProperty("values").ValueKind);
        var result = created.GetProperty("result");
        Assert.Equal(("1.0", "shipping_subtotal_amount", "decimal"), (result.Str("value"), result.Str("field"), result.Str("value_type")));

        Assert.Equal(created.ToString(), (await (await _admin.GetAsync($"{RulesPath}/{id}")).Expect(HttpStatusCode.OK)).ToString());

        var updated = await (await _admin.PutJson($"{RulesPath}/{id}", """{"enabled":false,"position":5,"valid_to":"2027-01-01T00:00:00Z"}""")).Expect(HttpStatusCode.OK);
        Assert.False(updated.GetProperty("enabled").GetBoolean());
        Assert.Equal(5, updated.GetProperty("position").GetInt32());
        Assert.Equal("1.0", updated.GetProperty("result").Str("value"));

        await (await _admin.DeleteAsync($"{RulesPath}/{id}")).Expect(HttpStatusCode.NoContent);
        await (await _admin.GetAsync($"{RulesPath}/{id}")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Kassas_kinds_take_amounts_per_currency_and_percentages()
    {
        var discount = await (await _admin.PostJson(RulesPath, """
            {"kind":"items_discount","conditions":[{"field":"items_total_amount","comparator":">=","value":100,"values":{"usd":"110.5"}},
              {"field":"currency","comparator":"==","value":"usd"},{"field":"items_quantity","comparator":">","value":"2"},
              {"field":"shipping_country","comparator":"==","value":"ee"}],
             "result":{"field":"items_discount_amount","value":"5","value_type":"decimal","values":{"USD":6}}}
            """)).Expect(HttpStatusCode.Created);
        var conditions = discount.Items("conditions");
        Assert.Equal("100.0", conditions[0].Str("value"));
        Assert.Equal("110.5", conditions[0].GetProperty("values").Str("USD"));
        Assert.Equal(("USD", "string"), (conditions[1].Str("value"), conditions[1].Str("value_type")));
        Assert.Equal(("2", "integer"), (conditions[2].Str("value"), conditions[2].Str("value_type")));
        Assert.Equal("EE", conditions[3].Str("value"));
        Assert.Equal(JsonValueKind.Null, conditions[3].GetProperty("values").ValueKind);
        Assert.Equal("6.0", discount.GetProperty("result").GetProperty("values").Str("USD"));
        Assert.Equal(JsonValueKind.Null, discount.GetProperty("target_kind").ValueKind);

        var percent = await (await _admin.PostJson(RulesPath, """
            {"kind":"items_discount","conditions":[],"result":{"field":"items_discount_amount","value":"12.5","value_type":"percentage"}}
            """)).Expect(HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Null, percent.GetProperty("result").GetProperty("values").ValueKind);
        Assert.True(percent.GetProperty("position").GetInt32() > discount.GetProperty("position").GetInt32()); // new rules go last

        var minimum = await (await _admin.PostJson(RulesPath, """
            {"kind":"minimum_order_value","conditions":[],"result":{"field":"items_total_amount","value":"20.0","value_type":"decimal"}}
            """)).Expect(HttpStatusCode.Created);
        Assert.Equal("minimum_order_value", minimum.Str("kind"));

        var free = await (await _admin.PostJson(RulesPath, """
            {"kind":"shipping_cost","conditions":[{"field":"items_subtotal_amount","comparator":">=","value":"50"}],
             "result":{"field":"shipping_subtotal_amount","value":"0"}}
            """)).Expect(HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Null, free.GetProperty("target_id").ValueKind); // no target: every shipping
    }

    [Fact]
    public async Task The_list_filters_as_voog_lists_do()
    {
        var shipping = (await (await _admin.PostJson(RulesPath, VoogExample)).Expect(HttpStatusCode.Created)).Id();
        var off = (await (await _admin.PostJson(RulesPath, """
            {"kind":"items_discount","enabled":false,"conditions":[],"result":{"field":"items_discount_amount","value":"1","value_type":"percentage"}}
            """)).Expect(HttpStatusCode.Created)).Id();

        var disabled = await (await _admin.GetAsync($"{RulesPath}?q.cart_rule.enabled.$eq=false")).Expect(HttpStatusCode.OK);
        Assert.Contains(off, disabled.Ids());
        Assert.DoesNotContain(shipping, disabled.Ids());
        var onMethod = await (await _admin.GetAsync($"{RulesPath}?q.cart_rule.target_id.$eq=1&q.cart_rule.kind.$eq=shipping_cost")).Expect(HttpStatusCode.OK);
        Assert.Contains(shipping, onMethod.Ids());
        Assert.DoesNotContain(off, onMethod.Ids());

        await (await _admin.GetAsync($"{RulesPath}?q.cart_rule.result.$eq=1")).ExpectProblem(HttpStatusCode.BadRequest, "q.cart_rule.result.$eq");
        await (await factory.Anonymous().GetAsync(RulesPath)).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string, string> BadRules => new()
    {
        // an unknown field, comparator or kind
        { """{"kind":"shipping_cost","conditions":[{"field":"weight","comparator":">","value":"1"}],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "conditions[0].field" },
        { """{"kind":"shipping_cost","conditions":[{"field":"items_subtotal_amount","comparator":"=>","value":"1"}],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "conditions[0].comparator" },
        { """{"kind":"free_gift","conditions":[],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "kind" },
        // a result that does not fit the kind
        { """{"kind":"shipping_cost","conditions":[],"result":{"field":"items_discount_amount","value":"1"}}""", "result.field" },
        { """{"kind":"minimum_order_value","conditions":[],"result":{"field":"items_total_amount","value":"10","value_type":"percentage"}}""", "result.value_type" },
        { """{"kind":"items_discount","conditions":[],"result":{"field":"items_discount_amount","value":"120","value_type":"percentage"}}""", "result.value" },
        { """{"kind":"items_discount","conditions":[],"result":{"field":"items_discount_amount","value":"0","value_type":"decimal"}}""", "result.value" },
        { """{"kind":"shipping_cost","conditions":[],"result":{"field":"shipping_subtotal_amount","value":"-1"}}""", "result.value" },
        { """{"kind":"shipping_cost","conditions":[],"result":{"field":"shipping_subtotal_amount","value":"1.001"}}""", "result.value" },
        { """{"kind":"shipping_cost","conditions":[],"result":{"field":"shipping_subtotal_amount","value":"1","values":{"XXX":1}}}""", "result.values.XXX" },
        { """{"kind":"shipping_cost","conditions":[],"result":{"field":"shipping_subtotal_amount","value":"1","values":{"EUR":1}}}""", "result.values.EUR" },
        // a target that does not exist, or does not fit the kind
        { """{"kind":"shipping_cost","target_kind":"shipping_method","target_id":999,"conditions":[],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "target_id" },
        { """{"kind":"shipping_cost","target_kind":"product","target_id":1,"conditions":[],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "target_kind" },
        { """{"kind":"items_discount","target_kind":"shipping_method","target_id":1,"conditions":[],"result":{"field":"items_discount_amount","value":"1"}}""", "target_kind" },
        // values that do not fit the field
        { """{"kind":"shipping_cost","conditions":[{"field":"items_quantity","comparator":">","value":"1.5"}],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "conditions[0].value" },
        { """{"kind":"shipping_cost","conditions":[{"field":"shipping_country","comparator":">","value":"EE"}],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "conditions[0].comparator" },
        { """{"kind":"shipping_cost","conditions":[{"field":"shipping_country","comparator":"==","value":"Estonia"}],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "conditions[0].value" },
        { """{"kind":"shipping_cost","conditions":[{"field":"currency","comparator":"==","value":"XYZ"}],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "conditions[0].value" },
        { """{"kind":"shipping_cost","conditions":[{"field":"items_subtotal_amount","comparator":">","value":"ten"}],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "conditions[0].value" },
        { """{"kind":"shipping_cost","conditions":[{"field":"items_subtotal_amount","comparator":">","value":"1","value_type":"integer"}],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "conditions[0].value_type" },
        { """{"kind":"shipping_cost","conditions":[{"field":"items_quantity","comparator":">","value":"1","values":{"USD":1}}],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "conditions[0].values" },
        { """{"kind":"shipping_cost","conditions":[null],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "conditions[0]" },
        // missing parts and a window that ends before it starts
        { """{"kind":"shipping_cost","result":{"field":"shipping_subtotal_amount","value":"1"}}""", "conditions" },
        { """{"kind":"shipping_cost","conditions":[]}""", "result" },
        { """{"conditions":[],"result":{"field":"shipping_subtotal_amount","value":"1"}}""", "kind" },
        { """{"kind":"shipping_cost","conditions":[],"result":{"field":"shipping_subtotal_amount","value":"1"},"valid_from":"2027-01-02","valid_to":"2027-01-01"}""", "valid_to" },
        { """{"kind":"shipping_cost","conditions":[],"result":{"field":"shipping_subtotal_amount","value":"1"},"position":-1}""", "position" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task Bad_rules_are_a_422_naming_the_part_and_nothing_is_saved(string body, string field)
    {
        var before = await Rules();
        await (await _admin.PostJson(RulesPath, body)).ExpectProblem(HttpStatusCode.UnprocessableEntity, field);
        Assert.Equal(before, await Rules());
    }

    [Theory]
    [InlineData("""{"field":"items_quantity","comparator":">","value":"1.5"}""", "conditions[0].value",
        "The items quantity is compared with a whole number from 0 to 1000000000, not '1.5'.")]
    [InlineData("""{"field":"shipping_country","comparator":">","value":"EE"}""", "conditions[0].comparator",
        "The shipping country is a code and is compared with == only.")]
    [InlineData("""{"field":"items_subtotal_amount","comparator":">","value":"1","value_type":"integer"}""", "conditions[0].value_type",
        "The items subtotal amount is compared as decimal, not 'integer'.")]
    [InlineData("""{"field":"items_quantity","comparator":">","value":"1","values":{"USD":1}}""", "conditions[0].values",
        "values (amounts per currency) is for amount fields only, not the items quantity.")]
    public async Task A_conditions_problem_names_its_field_in_words_not_by_its_code(string condition, string field, string message)
    {
        var problem = await (await _admin.PostJson(RulesPath, $$$"""
            {"kind":"shipping_cost","conditions":[{{{condition}}}],"result":{"field":"shipping_subtotal_amount","value":"1"}}
            """)).ExpectProblem(HttpStatusCode.UnprocessableEntity, field);
        Assert.Equal([message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task An_update_is_checked_against_the_rule_as_stored()
    {
        var id = (await (await _admin.PostJson(RulesPath, VoogExample)).Expect(HttpStatusCode.Created)).Id();
        var before = await Rules();
        // The stored result (shipping_subtotal_amount) does not fit an items discount, nor does its target.
        var problem = await (await _admin.PutJson($"{RulesPath}/{id}", """{"kind":"items_discount"}""")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "result.field");
        Assert.Contains("target_kind", problem.GetProperty("errors").Keys());
        await (await _admin.PutJson($"{RulesPath}/{id}", """{"target_id":424242}""")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "target_id");
        await (await _admin.PutJson($"{RulesPath}/{id}", """{"conditions":[{"field":"items_subtotal_amount","comparator":"≥","value":"1"}]}"""))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "conditions[0].comparator");
        Assert.Equal(before, await Rules());
    }

    private async Task<string> Rules()
    {
        await using var scope = factory.Scope(out var db);
        return JsonSerializer.Serialize(await db.CartRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync());
    }
}
