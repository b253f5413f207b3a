using System.Text.Json.Nodes;

namespace SmeMonitor.Core.Recipes;

/// <summary>
/// The handler of one recipe step name (e.g. "regions"). Modules register theirs as services;
/// the executor looks a handler up by the step's "name" and fails on an unknown one.
/// Handlers upsert by natural keys so that applying a recipe twice changes nothing.
/// </summary>
public interface IRecipeStep
{
    string Name { get; }
    /// <summary>The feature that must be enabled before this step runs (by an earlier "feature" step or already); null for none.</summary>
    string? Feature { get; }
    /// <summary>Where this step stands in an exported recipe; steps that others refer to come first.</summary>
    int ExportOrder => 1000;
    Task ApplyAsync(RecipeStepContext context, CancellationToken ct);
    /// <summary>The current configuration as one step of this name, or null when there is nothing to export.</summary>
    Task<JsonObject?> ExportAsync(CancellationToken ct) => Task.FromResult<JsonObject?>(null);
}

/// <summary>A recipe that cannot be applied: which step, where in the JSON, and why.</summary>
public sealed class RecipeException : Exception
{
    public int StepNumber { get; }
    public string? StepName { get; }
    public string Path { get; }
    public string Reason { get; }

    public RecipeException(int stepNumber, string? stepName, string path, string reason, Exception? inner = null)
        : base(Format(stepNumber, stepName, path, reason), inner)
    {
        StepNumber = stepNumber;
        StepName = stepName;
        Path = path;
        Reason = reason;
    }

    private static string Format(int n, string? name, string path, string reason) =>
        n == 0 ? $"recipe at {path}: {reason}" : $"step #{n} ({name ?? "?"}) at {path}: {reason}";
}

/// <summary>What a handler gets: its step's JSON, its place in the recipe, and typed readers that fail with the JSON path.</summary>
public sealed class RecipeStepContext(JsonObject step, int index, string name, string? baseDirectory)
{
    public JsonObject Step { get; } = step;
    /// <summary>Zero-based index in the recipe's steps array.</summary>
    public int Index { get; } = index;
    public string Name { get; } = name;
    /// <summary>Folder of the recipe file, for steps that load a data file beside it; null for recipes given as text.</summary>
    public string? BaseDirectory { get; } = baseDirectory;
    public string Path => $"$.steps[{Index}]";

    public RecipeException Error(string path, string reason) => new(Index + 1, Name, path, reason);

    /// <summary>Reads a JSON file named relative to the recipe's folder; never outside it.</summary>
    public JsonNode LoadFile(string relative, string path)
    {
        if (BaseDirectory is null) throw Error(path, "a data file can only be named by a recipe applied from a file");
        var root = System.IO.Path.GetFullPath(BaseDirectory);
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, relative));
        if (!full.StartsWith(root, StringComparison.Ordinal)) throw Error(path, $"file '{relative}' is outside the recipe's folder");
        if (!File.Exists(full)) throw Error(path, $"file '{relative}' not found");
        try { return JsonNode.Parse(File.ReadAllText(full)) ?? throw Error(path, $"file '{relative}' is empty"); }
        catch (System.Text.Json.JsonException e) { throw Error(path, $"file '{relative}' is not valid JSON: {e.Message}"); }
    }

    // Typed readers. Each takes the object, the property and the object's path, and fails with the property's path.

    public string String(JsonObject obj, string prop, string path, bool required = true) =>
        OptionalString(obj, prop, path) ?? (required ? throw Error($"{path}.{prop}", "is required") : "");

    public string? OptionalString(JsonObject obj, string prop, string path)
    {
        var node = obj[prop];
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        throw Error($"{path}.{prop}", $"must be a string, not {Kind(node)}");
    }

    public int Int(JsonObject obj, string prop, string path, int? @default = null)
    {
        var node = obj[prop];
        if (node is null) return @default ?? throw Error($"{path}.{prop}", "is required");
        if (node is JsonValue v && v.TryGetValue<int>(out var i)) return i;
        if (node is JsonValue d && d.TryGetValue<double>(out var dd) && dd == Math.Floor(dd) && dd is >= int.MinValue and <= int.MaxValue) return (int)dd;
        throw Error($"{path}.{prop}", $"must be a whole number, not {Kind(node)}");
    }

    public decimal? Decimal(JsonObject obj, string prop, string path, bool required = false)
    {
        var node = obj[prop];
        if (node is null) return required ? throw Error($"{path}.{prop}", "is required") : null;
        if (node is JsonValue v && v.TryGetValue<decimal>(out var d)) return d;
        throw Error($"{path}.{prop}", $"must be a number, not {Kind(node)}");
    }

    public bool Bool(JsonObject obj, string prop, string path, bool @default = false)
    {
        var node = obj[prop];
        if (node is null) return @default;
        if (node is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        throw Error($"{path}.{prop}", $"must be true or false, not {Kind(node)}");
    }

    public JsonArray Array(JsonObject obj, string prop, string path, bool required = true)
    {
        var node = obj[prop];
        if (node is null) return required ? throw Error($"{path}.{prop}", "is required") : [];
        return node as JsonArray ?? throw Error($"{path}.{prop}", $"must be an array, not {Kind(node)}");
    }

    public JsonObject Object(JsonNode? node, string path) =>
        node as JsonObject ?? throw Error(path, $"must be an object, not {Kind(node)}");

    public IEnumerable<(JsonObject Item, string Path)> Objects(JsonObject obj, string prop, string path, bool required = true)
    {
        var array = Array(obj, prop, path, required);
        for (var i = 0; i < array.Count; i++)
        {
            var p = $"{path}.{prop}[{i}]";
            yield return (Object(array[i], p), p);
        }
    }

    public IReadOnlyList<string> Strings(JsonObject obj, string prop, string path, bool required = false)
    {
        var array = Array(obj, prop, path, required);
        var list = new List<string>();
        for (var i = 0; i < array.Count; i++)
            list.Add(array[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Error($"{path}.{prop}[{i}]", $"must be a string, not {Kind(array[i])}"));
        return list;
    }

    public static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "a string",
            System.Text.Json.JsonValueKind.Number => "a number",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "a boolean",
            _ => "a value",
        },
        _ => "a value",
    };
}
