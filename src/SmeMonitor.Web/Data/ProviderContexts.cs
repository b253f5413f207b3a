using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Modules;

namespace SmeMonitor.Web.Data;

// One subclass per provider, so each keeps its own migrations (Migrations/Sqlite, Migrations/Postgres)
// in this assembly. Everything else uses SmeDbContext.

public sealed class SqliteSmeDbContext(DbContextOptions<SqliteSmeDbContext> options, ModuleCatalog catalog)
    : SmeDbContext(options, catalog);

public sealed class PostgresSmeDbContext(DbContextOptions<PostgresSmeDbContext> options, ModuleCatalog catalog)
    : SmeDbContext(options, catalog);

/// <summary>For `dotnet ef migrations add … --context SqliteSmeDbContext` and `dbcontext optimize` (scripts/migrations.sh).</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteSmeDbContext>
{
    public SqliteSmeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSmeDbContext>().UseSqlite("Data Source=design.db").ForDesign(args).Options, ModuleCatalog.FromApplicationFolder());
}

/// <summary>For `dotnet ef migrations add … --context PostgresSmeDbContext` and `dbcontext optimize` (no server needed).</summary>
public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresSmeDbContext>
{
    public PostgresSmeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSmeDbContext>().UseNpgsql("Host=localhost;Database=design").ForDesign(args).Options, ModuleCatalog.FromApplicationFolder());
}
