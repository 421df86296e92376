using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kassa.Tests.Hosting;

/// <summary>
/// Kassa started as its own process (<c>dotnet Kassa.dll</c>, the build next to the tests) with a broken setting: it
/// exits with code 1 and says one sentence on standard error, without a stack trace. And with a data directory, it
/// starts and keeps its database there.
/// </summary>
[StartsFirst]
public sealed class StartupProcessTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kassa-tests", "startup-" + Guid.NewGuid().ToString("N"));

    public StartupProcessTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed record Exit(int Code, string Output, string Error);

    private Process Start(Dictionary<string, string> environment, string urls)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Kassa.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(urls);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Kassa__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        start.Environment["Kassa__AdminApiKey"] = "startup-test-key";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return Process.Start(start)!;
    }

    private async Task<Exit> RunToExit(Dictionary<string, string> environment)
    {
        using var process = Start(environment, "http://127.0.0.1:0");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Kassa did not stop within 60 s: {await output} {await error}");
        }
        return new Exit(process.ExitCode, await output, await error);
    }

    private static void AssertOneSentence(Exit exit, string expected)
    {
        Assert.True(exit.Code == 1, $"exit code {exit.Code}; stderr: {exit.Error}; stdout: {exit.Output}");
        var line = Assert.Single(exit.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", exit.Output + exit.Error);
        Assert.DoesNotContain("Exception", exit.Output + exit.Error);
    }

    [Fact]
    public async Task An_unknown_provider()
    {
        var exit = await RunToExit(new() { ["Kassa__Database__Provider"] = "mysql" });
        AssertOneSentence(exit, "Kassa:Database:Provider is 'mysql' but must be 'sqlite' or 'postgres', e.g. Kassa__Database__Provider=postgres.");
    }

    [Fact]
    public async Task A_number_that_is_not_one()
    {
        var exit = await RunToExit(new() { ["Kassa__Retention__Days"] = "sixty" });
        AssertOneSentence(exit, "Kassa:Retention:Days is 'sixty' but must be a whole number, e.g. Kassa__Retention__Days=60.");
    }

    [Fact]
    public async Task PostgreSQL_without_a_connection_string()
    {
        var exit = await RunToExit(new() { ["Kassa__Database__Provider"] = "postgres" });
        AssertOneSentence(exit, "Kassa:Database:Provider is 'postgres' but Kassa:Database:ConnectionString is empty; set it, e.g. Kassa__Database__ConnectionString=");
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created()
    {
        // Was "Could not find a part of the path" and a stack trace, for a folder that exists only as a file.
        var file = Path.Combine(_folder, "state");
        await File.WriteAllTextAsync(file, "not a folder");
        var exit = await RunToExit(new() { ["Kassa__DataDirectory"] = Path.Combine(file, "kassa") });
        AssertOneSentence(exit, $"The folder for the SQLite database, {Path.Combine(file, "kassa")}, could not be created ({file} is a file, not a folder); set Kassa:DataDirectory");
    }

    [Fact]
    public async Task A_file_that_is_no_database()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "kassa.db"), "a spreadsheet, perhaps");
        var exit = await RunToExit(new() { ["Kassa__DataDirectory"] = _folder });
        AssertOneSentence(exit, $"The SQLite database {Path.Combine(_folder, "kassa.db")} cannot be used (SQLite Error 26: 'file is not a database'): it is not a Kassa database");
    }

    [Fact]
    public async Task PostgreSQL_that_never_comes_up_is_waited_for_then_named()
    {
        var port = FreePort();
        var exit = await RunToExit(new()
        {
            ["Kassa__Database__Provider"] = "postgres",
            ["Kassa__Database__ConnectionString"] = $"Host=127.0.0.1;Port={port};Database=kassa;Username=kassa;Password=x",
            ["Kassa__Database__StartupRetrySeconds"] = "1",
        });
        AssertOneSentence(exit, $"PostgreSQL at 127.0.0.1:{port} could not be reached for 1 s (Connection refused); check that it runs");
        Assert.Contains($"PostgreSQL at 127.0.0.1:{port} cannot be reached yet (Connection refused); trying again in 0.5 s", exit.Output);
    }

    [Fact]
    public async Task With_a_data_directory_the_database_lives_there_and_not_under_the_working_directory()
    {
        var data = Path.Combine(_folder, "state");
        var port = FreePort();
        // Without the demo catalog: a fifth of this start's CPU, and not what the test is about.
        using var process = Start(new() { ["Kassa__DataDirectory"] = data, ["Kassa__SeedDemoData"] = "false" }, $"http://127.0.0.1:{port}");
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            HttpResponseMessage? ready = null;
            for (var started = Stopwatch.StartNew(); ready?.StatusCode != HttpStatusCode.OK && started.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited;)
            {
                try
                {
                    ready = await client.GetAsync("/health/ready");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }
            Assert.True(ready?.StatusCode == HttpStatusCode.OK, $"Kassa did not become ready: {(process.HasExited ? await output : "still starting")}");
            Assert.False(ready!.Headers.Contains("Server"));

            Assert.True(File.Exists(Path.Combine(data, "kassa.db")));
            Assert.False(Directory.Exists(Path.Combine(_folder, "data")));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
