using Npgsql;
using SmeMonitor.Web.Data;

namespace SmeMonitor.Tests.Core;

public class PostgresConnectionStringTests
{
    [Fact]
    public void Automatic_preparation_is_on_unless_the_configuration_says_otherwise()
    {
        const string configured = "Host=db;Username=app;Password=secret;Database=sme";
        var used = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured));
        Assert.Equal(64, used.MaxAutoPrepare);
        Assert.Equal(("db", "app", "secret", "sme"), (used.Host, used.Username, used.Password, used.Database));

        Assert.Equal(configured + ";Max Auto Prepare=0", DatabaseSetup.PostgresConnectionString(configured + ";Max Auto Prepare=0"));
        Assert.Equal(configured + ";MaxAutoPrepare=8", DatabaseSetup.PostgresConnectionString(configured + ";MaxAutoPrepare=8"));
    }
}
