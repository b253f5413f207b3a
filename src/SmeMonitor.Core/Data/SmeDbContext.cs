using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SmeMonitor.Core.Modules;
using SmeMonitor.Core.Security;

namespace SmeMonitor.Core.Data;

/// <summary>
/// The one EF Core model: Identity, data-protection keys, the core's tables, and every entity
/// configuration (<see cref="IEntityTypeConfiguration{T}"/>) found in the modules' assemblies.
/// The model includes disabled modules too, so the schema does not depend on what is enabled.
/// Each provider has a subclass that owns its migrations.
/// </summary>
public abstract class SmeDbContext(DbContextOptions options, ModuleCatalog catalog)
    : IdentityDbContext<User, Role, string>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Rows written by this context instance so far (the recipe executor reports it as "changes").</summary>
    public int RowsSaved { get; private set; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SmeDbContext).Assembly);
        // Only modules that have entities: EF logs a warning for every assembly without any.
        foreach (var module in catalog.Modules.Where(m => HasEntityConfigurations(m.Assembly)))
            builder.ApplyConfigurationsFromAssembly(module.Assembly);

        foreach (var entity in builder.Model.GetEntityTypes())
            if (typeof(IVersioned).IsAssignableFrom(entity.ClrType))
                builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
    }

    private static bool HasEntityConfigurations(System.Reflection.Assembly assembly) =>
        assembly.GetTypes().Any(t => !t.IsAbstract && t.GetInterfaces().Any(i =>
            i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>)));

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        var n = base.SaveChanges(acceptAllChangesOnSuccess);
        RowsSaved += n;
        return n;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        var n = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        RowsSaved += n;
        return n;
    }

    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
            if (entry.State == EntityState.Modified)
                entry.Entity.Version++;
    }
}
