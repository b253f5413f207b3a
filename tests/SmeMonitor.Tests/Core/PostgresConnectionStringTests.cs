using Npgsql;
using SmeMonitor.Web.Data;

namespace SmeMonitor.Tests.Core;

public class PostgresConnectionStringTests
{
    [Fact]
    public void Automatic_preparation_is_on_and_the_pool_reset_off_unless_the_configuration_says_otherwise()
    {
        const string configured = "Host=db;Username=app;Password=secret;Database=sme";
        var used = Used(configured);
        Assert.Equal((64, true), (used.MaxAutoPrepare, used.NoResetOnClose));
        Assert.Equal(("db", "app", "secret", "sme"), (used.Host, used.Username, used.Password, used.Database));

        Assert.Equal((0, true), (Used(configured + ";Max Auto Prepare=0").MaxAutoPrepare, Used(configured + ";Max Auto Prepare=0").NoResetOnClose));
        Assert.Equal(8, Used(configured + ";MaxAutoPrepare=8").MaxAutoPrepare);
        Assert.Equal((64, false), (Used(configured + ";No Reset On Close=false").MaxAutoPrepare, Used(configured + ";No Reset On Close=false").NoResetOnClose));
        Assert.False(Used(configured + ";NoResetOnClose=false").NoResetOnClose);
    }

    private static NpgsqlConnectionStringBuilder Used(string configured) => new(DatabaseSetup.PostgresConnectionString(configured));
}
