using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Operations;

/// <summary>
/// The host as a real server process (`dotnet SmeMonitor.Web.dll --urls …`): it listens while the database is still
/// being checked (migrations, first-start recipes), and requests wait for that check instead of meeting a half-made
/// database; a check that fails stops the server.
/// </summary>
public class ServerStartTests
{
    [Theory, Providers]
    public async Task Requests_during_the_first_start_wait_for_the_migrations_and_recipes(string provider)
    {
        var database = TestDatabases.CreateEmpty(provider);
        try
        {
            await using var server = ServerProcess.Start(provider, database.ConnectionString, "national.recipe.json");
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
            // Ask from the first moment the port accepts connections: the migrations and the recipe take seconds.
            HttpResponseMessage? first = null;
            var clock = Stopwatch.StartNew();
            while (first is null)
            {
                Assert.False(server.HasExited, $"The server stopped:\n{server.Log}");
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"No answer in 2 minutes:\n{server.Log}");
                try { first = await http.GetAsync(server.Url); }
                catch (HttpRequestException) { await Task.Delay(10); }
            }
            using (first)
            {
                var body = await first.Content.ReadAsStringAsync();
                Assert.True(first.StatusCode == HttpStatusCode.OK, $"{(int)first.StatusCode}:\n{body}\n{server.Log}");
            }
            Assert.Contains("applying recipe", server.Log);
            // A first start is not an error: nothing in its log says "fail" (the console's word for Error and Critical).
            Assert.DoesNotContain("fail:", server.Log);
        }
        finally
        {
            await TestDatabases.DeleteAsync(database);
        }
    }

    [Theory, Providers]
    public async Task A_database_check_that_fails_stops_the_server(string provider)
    {
        var database = TestDatabases.CreateEmpty(provider);
        try
        {
            await using var server = ServerProcess.Start(provider, database.ConnectionString, "no-such.recipe.json");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await server.WaitForExitAsync(timeout.Token);
            Assert.NotEqual(0, server.ExitCode);
            Assert.Contains("no-such.recipe.json", server.Log);
        }
        finally
        {
            await TestDatabases.DeleteAsync(database);
        }
    }

    private sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _log = new();

        private ServerProcess(Process process, string url)
        {
            _process = process;
            Url = url;
        }

        public string Url { get; }
        public bool HasExited => _process.HasExited;
        public int ExitCode => _process.ExitCode;
        public string Log { get { lock (_log) return _log.ToString(); } }

        public static ServerProcess Start(string provider, string connectionString, string recipe)
        {
            var url = $"http://127.0.0.1:{FreePort()}/";
            var start = WebCli.StartInfo(provider, connectionString, "--urls", url);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
            start.Environment["Setup__Recipes__0"] = recipe;
            start.Environment["Logging__LogLevel__Default"] = "Information";
            var server = new ServerProcess(Process.Start(start)!, url);
            server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
            server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            return server;
        }

        public async Task WaitForExitAsync(CancellationToken ct)
        {
            try
            {
                await _process.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The server did not stop:\n{Log}");
            }
            _process.WaitForExit(); // the last lines of output
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_log) _log.AppendLine(line);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
