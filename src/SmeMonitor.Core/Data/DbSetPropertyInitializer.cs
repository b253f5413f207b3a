using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
#pragma warning disable EF1001 // EF Core's service for this has no public contract; it is replaced as a whole, see below.
using Microsoft.EntityFrameworkCore.Internal;

namespace SmeMonitor.Core.Data;

/// <summary>
/// Sets a context's settable DbSet properties (IdentityDbContext's Users, Roles, UserClaims…) with plain reflection when
/// the context is constructed. EF Core's own initializer compiles an expression tree per property the first time a
/// context type is constructed: a few tens of milliseconds on the path of every start, for eight assignments per context.
/// </summary>
public sealed class DbSetPropertyInitializer(IDbSetSource source) : IDbSetInitializer
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, Type Entity)[]> Sets = new();

    public void InitializeSets(DbContext context)
    {
        var cache = (IDbSetCache)context;
        foreach (var (property, entity) in Sets.GetOrAdd(context.GetType(), Find))
            property.SetValue(context, cache.GetOrAddSet(source, entity));
    }

    // The properties EF Core's DbSetFinder finds (instance, not indexed, DbSet<T>) that can be set.
    private static (PropertyInfo, Type)[] Find(Type contextType) =>
        contextType.GetRuntimeProperties()
            .Where(p => !(p.GetMethod ?? p.SetMethod)!.IsStatic && p.GetIndexParameters().Length == 0 && p.SetMethod is not null
                        && p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>))
            .Select(p => (p, p.PropertyType.GenericTypeArguments[0]))
            .ToArray();
}
