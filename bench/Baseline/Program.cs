// Bare ASP.NET Core minimal API: the stack's ceiling on this machine, measured in the same run as Kassa.
// GET /cart answers a fixed JSON body (a real Voog cart response with two items, captured from Kassa);
// BASELINE_BODY_BYTES pads it with JSON whitespace to the size bench/run.sh measured from Kassa in
// the same run, so both send the same number of bytes. Logging is the `dotnet new web` template's:
// Information, with Microsoft.AspNetCore at Warning.
using System.Globalization;
using System.Text;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
    builder.WebHost.UseUrls("http://127.0.0.1:5090");

var body = CartBody.Load(Environment.GetEnvironmentVariable("BASELINE_BODY_BYTES"));

var app = builder.Build();
app.MapGet("/", () => "baseline");
app.MapGet("/cart", () => TypedResults.Bytes(body, "application/json; charset=utf-8"));
app.MapGet("/cart/{id}", (string id) => TypedResults.Bytes(body, "application/json; charset=utf-8"));
app.Run();

internal static class CartBody
{
    public static byte[] Load(string? wantedBytes)
    {
        using var stream = typeof(CartBody).Assembly.GetManifestResourceStream("sample-cart.json")
                           ?? throw new InvalidOperationException("sample-cart.json is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var json = reader.ReadToEnd().Trim();
        if (!int.TryParse(wantedBytes, NumberStyles.None, CultureInfo.InvariantCulture, out var wanted) || wanted <= 0)
            return Encoding.UTF8.GetBytes(json);

        var size = Encoding.UTF8.GetByteCount(json);
        if (wanted >= size)
            // Whitespace before the closing brace keeps it the same JSON document, just larger.
            return Encoding.UTF8.GetBytes(json[..^1] + new string(' ', wanted - size) + "}");

        // Smaller than the sample: a JSON object of exactly the wanted size.
        var filler = Math.Max(0, wanted - "{\"padding\":\"\"}".Length);
        return Encoding.UTF8.GetBytes("{\"padding\":\"" + new string('x', filler) + "\"}");
    }
}
