using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
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

    /// <summary>The model annotation that carries <see cref="ModelFingerprint"/> in a compiled model.</summary>
    public const string FingerprintAnnotation = "SmeMonitor:ModelFingerprint";

    /// <summary>The app's <see cref="ReadCache"/>; none for a context made outside the app's services (tools, some tests).</summary>
    private ReadCache? Cache => _cache ??= this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
        ?.GetService(typeof(ReadCache)) as ReadCache;
    private ReadCache? _cache;
    /// <summary>The entity types this context saved in its open transaction: when it ends they may make kept copies stale.</summary>
    private HashSet<Type>? _typesSavedInTransaction;

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.AddInterceptors(ReadCache.TransactionEndHook.Instance);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Only assemblies that have entities: EF logs a warning for every assembly without any.
        foreach (var assembly in EntityAssemblies(catalog))
            builder.ApplyConfigurationsFromAssembly(assembly);

        foreach (var entity in builder.Model.GetEntityTypes())
            if (typeof(IVersioned).IsAssignableFrom(entity.ClrType))
                builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();

        // Every enum gets its converter here: to its name where a configuration asked for text, else to the number type
        // asked for or its own (what EF Core picks by itself). A compiled model then carries the converters as code;
        // otherwise EF Core picks one by reflection for every enum property when it builds the relational model at start.
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()))
        {
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            if (!type.IsEnum || property.GetValueConverter() is not null) continue;
            var stored = property.GetProviderClrType() ?? Enum.GetUnderlyingType(type);
            var converter = stored == typeof(string)
                ? typeof(EnumNameConverter<>).MakeGenericType(type)
                : typeof(EnumToNumberConverter<,>).MakeGenericType(type, stored);
            // The converter says the provider type; with both, the compiled model keeps the type and drops the converter.
            property.SetProviderClrType(null);
            property.SetValueConverter((ValueConverter)Activator.CreateInstance(converter)!);
        }
    }

    /// <summary>
    /// An enum stored as its name, as EF Core's own converter does (a name that is not a member fails the read); but its
    /// conversions are public calls, which a compiled model can write as code.
    /// </summary>
    private sealed class EnumNameConverter<TEnum>() : ValueConverter<TEnum, string>(value => value.ToString(), name => Enum.Parse<TEnum>(name))
        where TEnum : struct, Enum;

    /// <summary>
    /// What the model is built from, hashed: the EF Core version, every entity configuration of the core and
    /// the modules, and the shape (properties, their types and attributes) of the entity types. A model
    /// compiled ahead of time is used only when its fingerprint equals the running one: a different module
    /// set or changed entity classes fall back to building the model. Changes inside a configuration's code
    /// are not seen here; the test that compares the compiled model with the built one catches those.
    /// </summary>
    public static string ModelFingerprint(ModuleCatalog catalog)
    {
        var text = new StringBuilder();
        text.AppendLine(typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
        var entities = new List<Type> { typeof(User), typeof(Role), typeof(DataProtectionKey) };
        foreach (var assembly in EntityAssemblies(catalog))
            foreach (var (configuration, entity) in EntityConfigurations(assembly).OrderBy(c => c.Configuration.FullName, StringComparer.Ordinal))
            {
                text.Append(configuration.AssemblyQualifiedName).Append(" -> ").AppendLine(entity.FullName);
                entities.Add(entity);
            }
        foreach (var entity in entities.Distinct())
        {
            text.Append(entity.AssemblyQualifiedName).Append(" : ").AppendLine(entity.BaseType?.FullName);
            foreach (var property in entity.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                         .OrderBy(p => p.DeclaringType!.FullName, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
            {
                text.Append("  ").Append(property.DeclaringType!.FullName).Append('.').Append(property.Name).Append(' ').Append(property.PropertyType.FullName);
                foreach (var attribute in property.GetCustomAttributesData()) text.Append(' ').Append(attribute);
                text.AppendLine();
            }
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static IEnumerable<Assembly> EntityAssemblies(ModuleCatalog catalog) =>
        catalog.Modules.Select(m => m.Assembly).Prepend(typeof(SmeDbContext).Assembly)
            .Where(a => EntityConfigurations(a).Any());

    private static IEnumerable<(Type Configuration, Type Entity)> EntityConfigurations(Assembly assembly) =>
        from type in assembly.GetTypes()
        where !type.IsAbstract && !type.IsGenericTypeDefinition
        from contract in type.GetInterfaces()
        where contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>)
        select (type, contract.GetGenericArguments()[0]);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        try
        {
            BumpVersions(detect);
            var changed = ChangedTypes();
            var n = base.SaveChanges(acceptAllChangesOnSuccess);
            if (changed is not null) Cache!.Changed(changed);
            RowsSaved += n;
            return n;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        try
        {
            BumpVersions(detect);
            var changed = ChangedTypes();
            var n = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (changed is not null) Cache!.Changed(changed);
            RowsSaved += n;
            return n;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>
    /// The types of the entities this save adds, changes or deletes; null without a <see cref="ReadCache"/>. Inside a transaction
    /// they are noted for its end too: a copy read before then may hold rows seen on this context's connection, or miss them,
    /// and the types are checked against what is watched by that time (even when this save fails).
    /// </summary>
    private HashSet<Type>? ChangedTypes()
    {
        if (Cache is null) return null;
        var types = new HashSet<Type>();
        foreach (var entry in ChangeTracker.Entries())
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted) types.Add(entry.Metadata.ClrType);
        if (Database.CurrentTransaction is not null) (_typesSavedInTransaction ??= []).UnionWith(types);
        return types;
    }

    /// <summary>Called when this context's transaction commits or rolls back (<see cref="ReadCache.TransactionEndHook"/>).</summary>
    internal void CachedTypesTransactionEnded()
    {
        if (_typesSavedInTransaction is not { } types) return;
        _typesSavedInTransaction = null;
        Cache!.Changed(types);
    }

    /// <summary>
    /// The first entry of <typeparamref name="T"/> this context tracks that matches, read without the DetectChanges pass that
    /// DbSet.Local and Find make on every call over every tracked row: the entities' own values are what the caller has.
    /// </summary>
    public EntityEntry<T>? FindTracked<T>(Func<EntityEntry<T>, bool> match) where T : class
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return ChangeTracker.Entries<T>().FirstOrDefault(match);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>
    /// Detects changes once (when the caller has automatic detection on) and bumps the version of every modified
    /// <see cref="IVersioned"/> through the change tracker, then turns automatic detection off for the save, which would
    /// only scan every tracked entity again (a report's ~50 value rows per save); the caller restores the setting.
    /// </summary>
    private void BumpVersions(bool detect)
    {
        if (detect) ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
            if (entry.State == EntityState.Modified)
                entry.Property(nameof(IVersioned.Version)).CurrentValue = entry.Entity.Version + 1;
    }
}
