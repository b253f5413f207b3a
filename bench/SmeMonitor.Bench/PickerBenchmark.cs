extern alias web;

using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SmeMonitor.Directory.Api;

namespace SmeMonitor.Bench;

/// <summary>
/// Region and industry picker endpoints (target p95 ≤ 5 ms on SQLite): the real app on Kestrel at a
/// loopback port, a fresh SQLite database with the national recipe, ~2,000 requests over varied parents
/// and codes, interleaved with the same number of requests to /health (which queries the database) and to
/// a data-free endpoint of the same host as baselines.
/// </summary>
public sealed class PickerBenchmark : IBenchmark
{
    public string Name => "pickers";
    public string Description => "region/industry tree endpoints on SQLite (national recipe): p50/p95 vs /health";

    private const int Requests = 2000;

    public async Task RunAsync()
    {
        // WebApplicationFactory finds the app's content root through a manifest it looks for in the current folder.
        Environment.CurrentDirectory = AppContext.BaseDirectory;
        var folder = Path.Combine(Path.GetTempPath(), "smemonitor-bench", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        try
        {
            await using var app = new App(Path.Combine(folder, "bench.db"));
            app.UseKestrel(0);
            var started = Stopwatch.StartNew();
            app.StartServer();
            Console.WriteLine($"started on {app.ClientOptions.BaseAddress} with the national recipe in {started.ElapsedMilliseconds} ms");
            using var client = app.CreateClient();

            var urls = await TreeUrlsAsync(client);
            // Warm up every URL kind, then measure tree and baselines interleaved so that noise hits both alike.
            foreach (var url in urls.Take(200)) await Time(client, url);
            for (var i = 0; i < 50; i++) { await Time(client, "/health"); await Time(client, Trivial); }

            var tree = new List<double>(Requests);
            var health = new List<double>(Requests);
            var trivial = new List<double>(Requests);
            var random = new Random(42);
            for (var i = 0; i < Requests; i++)
            {
                tree.Add(await Time(client, urls[random.Next(urls.Count)]));
                health.Add(await Time(client, "/health"));
                trivial.Add(await Time(client, Trivial));
            }
            Report("tree endpoints", tree);
            Report("/health (baseline)", health);
            Report("credit-code check (no data)", trivial);
            var p95 = Benchmarks.Percentile(tree, 95);
            Console.WriteLine($"ratio tree/health: p50 {Benchmarks.Percentile(tree, 50) / Benchmarks.Percentile(health, 50):0.00}×, p95 {p95 / Benchmarks.Percentile(health, 95):0.00}×");
            Console.WriteLine($"ratio tree/no-data: p50 {Benchmarks.Percentile(tree, 50) / Benchmarks.Percentile(trivial, 50):0.00}×, p95 {p95 / Benchmarks.Percentile(trivial, 95):0.00}×");
            Console.WriteLine($"target p95 ≤ 5 ms: {(p95 <= 5 ? "met" : "NOT met")} ({p95:0.00} ms)");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(folder, true);
        }
    }

    private const string Trivial = "/api/v1/credit-codes/914403001922038216";

    /// <summary>The URLs a person's clicks produce: children of every province and city, of every 门类/大类/中类, and details.</summary>
    private static async Task<List<string>> TreeUrlsAsync(HttpClient client)
    {
        var urls = new List<string> { "/api/v1/regions", "/api/v1/industries" };
        foreach (var province in (await client.GetFromJsonAsync<RegionItem[]>("/api/v1/regions"))!)
        {
            urls.Add($"/api/v1/regions?parent={province.Code}");
            foreach (var city in (await client.GetFromJsonAsync<RegionItem[]>($"/api/v1/regions?parent={province.Code}"))!)
            {
                urls.Add($"/api/v1/regions?parent={city.Code}");
                urls.Add($"/api/v1/regions/{city.Code}");
            }
        }
        foreach (var section in (await client.GetFromJsonAsync<IndustryItem[]>("/api/v1/industries"))!)
        {
            urls.Add($"/api/v1/industries?parent={section.Code}");
            foreach (var division in (await client.GetFromJsonAsync<IndustryItem[]>($"/api/v1/industries?parent={section.Code}"))!)
            {
                urls.Add($"/api/v1/industries?parent={division.Code}");
                foreach (var group in (await client.GetFromJsonAsync<IndustryItem[]>($"/api/v1/industries?parent={division.Code}"))!)
                {
                    urls.Add($"/api/v1/industries?parent={group.Code}");
                    urls.Add($"/api/v1/industries/{group.Code}");
                }
            }
        }
        Console.WriteLine($"{urls.Count} distinct tree URLs");
        return urls;
    }

    private static async Task<double> Time(HttpClient client, string url)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        watch.Stop();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
        return watch.Elapsed.TotalMilliseconds;
    }

    private static void Report(string what, List<double> samples) =>
        Console.WriteLine($"{what,-30} n={samples.Count}  p50 {Benchmarks.Percentile(samples, 50):0.000} ms  p95 {Benchmarks.Percentile(samples, 95):0.000} ms  p99 {Benchmarks.Percentile(samples, 99):0.000} ms");

    /// <summary>The platform as shipped (Production settings), on its own SQLite file.</summary>
    private sealed class App(string databaseFile) : WebApplicationFactory<web::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={databaseFile}");
            builder.UseSetting("Logging:Console:FormatterName", "simple");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Setup:Recipes:0", "national.recipe.json");
        }
    }
}
