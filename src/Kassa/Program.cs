using Kassa;
using Kassa.Data;
using Kassa.Http;

var builder = WebApplication.CreateBuilder(KassaApp.Options(args));
builder.AddKassa();

var app = builder.Build();
await app.Services.InitializeDatabaseAsync();
app.UseKassa();
app.Run();

/// <summary>Entry point; public so the API tests can host it.</summary>
public partial class Program;
