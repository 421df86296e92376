using Kassa;
using Kassa.Data;
using Kassa.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(KassaApp.Options(args));
    StartupFailure.Configuring(builder.AddKassa);

    var app = builder.Build();
    await app.Services.InitializeDatabaseAsync();
    app.UseKassa();
    await app.RunAsync();
    return 0;
}
// A bad setting or an unusable database: one sentence and exit code 1, not a stack trace (docs/operations.md).
catch (Exception e) when (StartupFailure.OwnsProcess && StartupFailure.Explain(e) is { } sentence)
{
    await Console.Error.WriteLineAsync(sentence);
    return 1;
}

/// <summary>Entry point; public so the API tests can host it.</summary>
public partial class Program;
