using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmeMonitor.Core.Data;
using SmeMonitor.Core.Modules;
using SmeMonitor.Web.Data;

namespace SmeMonitor.Tests.Core;

/// <summary>The compiled models (scripts/migrations.sh) against the model the modules build now; no database needed.</summary>
public class CompiledModelTests
{
    private static readonly ModuleCatalog Catalog = ModuleCatalog.FromApplicationFolder();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void The_compiled_model_matches_the_model(string provider)
    {
        // An entity or configuration change without `scripts/migrations.sh NAME` leaves the compiled model behind.
        const string regenerate = "Run scripts/migrations.sh NAME: the compiled model is not that of the current entities.";
        var compiled = Compiled(provider);
        Assert.NotNull(compiled);
        Assert.True(SmeDbContext.ModelFingerprint(Catalog) == (string?)compiled.FindAnnotation(SmeDbContext.FingerprintAnnotation)?.Value, regenerate);
        using var building = Context(provider, null);
        using var usingCompiled = Context(provider, compiled);
        Assert.True(Describe(building.Model) == Describe(usingCompiled.Model), regenerate);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void The_compiled_model_is_used_for_the_modules_it_was_made_from(string provider)
    {
        var found = provider == "sqlite"
            ? CompiledModels.Inspect<SqliteSmeDbContext>(Catalog).Model
            : CompiledModels.Inspect<PostgresSmeDbContext>(Catalog).Model;
        Assert.Same(Compiled(provider), found);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Every_enum_has_its_converter_as_code_in_the_compiled_model(string provider)
    {
        // Else EF Core picks a converter for each by reflection when it builds the relational model at start.
        var enums = Compiled(provider)!.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties())
            .Where(p => (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType).IsEnum).ToList();
        Assert.NotEmpty(enums);
        Assert.All(enums, p => Assert.True(p.GetValueConverter() is not null, $"{p.DeclaringType.Name}.{p.Name} has no converter"));
    }

    [Fact]
    public void A_compiled_model_of_another_module_set_is_not_used()
    {
        // The core alone: every module's entities are missing from this model.
        var coreOnly = new ModuleCatalog(Catalog.Modules.Where(m => m.Id == "SmeMonitor.Platform").Select(m => m.Assembly));
        Assert.NotEqual(SmeDbContext.ModelFingerprint(Catalog), SmeDbContext.ModelFingerprint(coreOnly));
        Assert.Null(CompiledModels.Inspect<SqliteSmeDbContext>(coreOnly).Model);
    }

    private static IModel? Compiled(string provider) =>
        provider == "sqlite" ? CompiledModels.Load<SqliteSmeDbContext>() : CompiledModels.Load<PostgresSmeDbContext>();

    /// <summary>A context on this model (initialised for the provider by it), or building its model from the configurations when null.</summary>
    private static SmeDbContext Context(string provider, IModel? model)
    {
        if (provider == "sqlite")
        {
            var sqlite = new DbContextOptionsBuilder<SqliteSmeDbContext>().UseSqlite("Data Source=:memory:");
            if (model is not null) sqlite.UseModel(model);
            return new SqliteSmeDbContext(sqlite.Options, Catalog);
        }
        var postgres = new DbContextOptionsBuilder<PostgresSmeDbContext>().UseNpgsql("Host=localhost;Database=model");
        if (model is not null) postgres.UseModel(model);
        return new PostgresSmeDbContext(postgres.Options, Catalog);
    }

    /// <summary>
    /// Everything the model says, but the fingerprint that only the compiled model carries; and how each property is
    /// stored (converter, provider type, column type), which the debug string leaves out.
    /// </summary>
    private static string Describe(IModel model) => string.Join('\n', model.ToDebugString(MetadataDebugStringOptions.LongDefault)
        .Split('\n').Where(line => !line.Contains(SmeDbContext.FingerprintAnnotation))
        .Concat(model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()).Select(p =>
            $"{p.DeclaringType.Name}.{p.Name}: {Converts(p.GetValueConverter())} {p.GetProviderClrType()} {p.GetColumnType()}")));

    /// <summary>A compiled model holds a converter as a plain ValueConverter of the same types, not as its original class.</summary>
    private static string Converts(ValueConverter? converter) => converter is null ? "" : $"{converter.ModelClrType} -> {converter.ProviderClrType}";
}
