using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SmeMonitor.Core.Content;
using SmeMonitor.Tests.Infrastructure;

namespace SmeMonitor.Tests.Operations;

/// <summary>/health for load balancers and monitoring: the database is part of it.</summary>
public class HealthTests
{
    [Theory, Providers]
    public async Task Health_is_unhealthy_with_503_when_the_database_is_unreachable(string provider)
    {
        await using var app = new TestApp(provider);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        if (provider == "postgres")
        {
            await using var admin = new NpgsqlConnection(Providers.PostgresConnectionString);
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE \"{app.Database.Name}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            // The file is replaced by a folder of the same name: SQLite can no longer open it.
            await using (var conn = new SqliteConnection(app.ConnectionString)) SqliteConnection.ClearPool(conn);
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(app.Database.Name + suffix);
            System.IO.Directory.CreateDirectory(app.Database.Name);
        }

        try
        {
            var response = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            if (System.IO.Directory.Exists(app.Database.Name)) System.IO.Directory.Delete(app.Database.Name);
        }
    }
    [Theory, Providers]
    public async Task Content_type_definitions_that_cannot_be_read_do_not_stop_the_start(string provider)
    {
        var database = TestDatabases.Create(provider, ["national.recipe.json"], new Dictionary<string, string?>());
        try
        {
            await using (var first = new TestApp(provider, ["national.recipe.json"], [], database, ownsDatabase: false))
                await first.WithDbAsync(db => db.Set<ContentDefinitionDocument>().ExecuteUpdateAsync(s => s.SetProperty(d => d.Json, "{ not json")));

            // The start reads the definitions ahead of the first request; that they are broken is the content pages' concern.
            await using var second = new TestApp(provider, ["national.recipe.json"], [], database, ownsDatabase: false);
            var client = second.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/signin")).StatusCode);
        }
        finally
        {
            await TestDatabases.DeleteAsync(database);
        }
    }
}
