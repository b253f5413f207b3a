using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace SmeMonitor.Core.Scripting;

/// <summary>Plain .NET data to native JavaScript values and back. Native objects keep CLR types out of rules and are faster than wrappers.</summary>
internal static class RuleValues
{
    private const int MaxDepth = 16;

    /// <summary>
    /// The value as a native JavaScript value; <paramref name="path"/> names it (the global) in the message of an
    /// <see cref="ArgumentException"/> about what cannot be converted.
    /// </summary>
    public static JsValue ToJs(Engine engine, object? value, string path)
    {
        try
        {
            return ToJs(engine, value, 0);
        }
        catch (BadInput e)
        {
            throw new ArgumentException($"Rule input {path}{e.Where} {e.Problem}");
        }
    }

    /// <summary>What cannot be converted, and where below the input: the path is built only then, not for every value (a report's inputs hold hundreds).</summary>
    private sealed class BadInput(string where, string problem) : Exception
    {
        public string Where { get; } = where;
        public string Problem { get; } = problem;
        public BadInput Under(object step) => new((step is int index ? $"[{index}]" : "." + step) + Where, Problem);
    }

    private static JsValue ToJs(Engine engine, object? value, int depth)
    {
        if (depth > MaxDepth) throw new BadInput("", $"is nested deeper than {MaxDepth} levels.");
        switch (value)
        {
            case null:
                return JsValue.Null;
            case string s:
                return new JsString(s);
            case bool b:
                return b ? JsBoolean.True : JsBoolean.False;
            case double d:
                return JsNumber.Create(d);
            case Enum:
                break;
            case IConvertible c when IsNumber(c.GetTypeCode()):
                return JsNumber.Create(c.ToDouble(CultureInfo.InvariantCulture));
            case RuleNumberRows table:
            {
                var obj = new JsObject(engine);
                var (rows, columns, cells) = (table.Rows, table.Columns, table.Cells);
                for (int r = 0, cell = 0; r < rows.Count; r++)
                {
                    var row = new JsObject(engine);
                    for (var c = 0; c < columns.Count; c++, cell++)
                        row.FastSetDataProperty(columns[c], cells[cell] is { } number ? JsNumber.Create((double)number) : JsValue.Null);
                    obj.FastSetDataProperty(rows[r], row);
                }
                return obj;
            }
            case JsonElement element:
                return FromJson(engine, element, depth);
            case JsonNode node:
                return FromJson(engine, JsonSerializer.SerializeToElement(node), depth);
            case Dictionary<string, object?> dictionary: // the usual input: enumerated without boxing each entry
            {
                var obj = new JsObject(engine);
                foreach (var (key, item) in dictionary) obj.FastSetDataProperty(key, Child(engine, item, key, depth));
                return obj;
            }
            case IDictionary dictionary:
            {
                var obj = new JsObject(engine);
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key as string ?? throw new BadInput("", "has a key that is not a string.");
                    obj.FastSetDataProperty(key, Child(engine, entry.Value, key, depth));
                }
                return obj;
            }
            case IEnumerable<KeyValuePair<string, object?>> pairs:
            {
                var obj = new JsObject(engine);
                foreach (var (key, item) in pairs) obj.FastSetDataProperty(key, Child(engine, item, key, depth));
                return obj;
            }
            case IEnumerable items:
            {
                var list = new List<JsValue>();
                foreach (var item in items) list.Add(Child(engine, item, list.Count, depth));
                return new JsArray(engine, list.ToArray());
            }
        }
        throw new BadInput("", $"is a {value.GetType().Name}; give numbers, strings, booleans, null, dictionaries or lists.");
    }

    /// <param name="step">The key (string) or the index (int) under which <paramref name="value"/> stands in its parent.</param>
    private static JsValue Child(Engine engine, object? value, object step, int depth)
    {
        try
        {
            return ToJs(engine, value, depth + 1);
        }
        catch (BadInput e)
        {
            throw e.Under(step);
        }
    }

    private static bool IsNumber(TypeCode code) => code is TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16
        or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Single or TypeCode.Double or TypeCode.Decimal;

    private static JsValue FromJson(Engine engine, JsonElement element, int depth)
    {
        if (depth > MaxDepth) throw new BadInput("", $"is nested deeper than {MaxDepth} levels.");
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsObject(engine);
                foreach (var property in element.EnumerateObject())
                    obj.FastSetDataProperty(property.Name, JsonChild(engine, property.Value, property.Name, depth));
                return obj;
            case JsonValueKind.Array:
                var list = new List<JsValue>();
                foreach (var item in element.EnumerateArray()) list.Add(JsonChild(engine, item, list.Count, depth));
                return new JsArray(engine, list.ToArray());
            case JsonValueKind.String:
                return new JsString(element.GetString()!);
            case JsonValueKind.Number:
                return JsNumber.Create(element.GetDouble());
            case JsonValueKind.True:
                return JsBoolean.True;
            case JsonValueKind.False:
                return JsBoolean.False;
            default:
                return JsValue.Null;
        }
    }

    private static JsValue JsonChild(Engine engine, JsonElement element, object step, int depth)
    {
        try
        {
            return FromJson(engine, element, depth + 1);
        }
        catch (BadInput e)
        {
            throw e.Under(step);
        }
    }

    /// <summary>A rule's value as plain data: null, bool, double, string, object?[] or Dictionary&lt;string, object?&gt;.</summary>
    public static object? FromJs(JsValue value, int depth = 0)
    {
        if (value.IsNull() || value.IsUndefined()) return null;
        if (value.IsBoolean()) return value.AsBoolean();
        if (value.IsNumber()) return value.AsNumber();
        if (value.IsString()) return value.AsString();
        if (depth >= MaxDepth) return null;
        if (value is JsArray array)
        {
            var items = new object?[array.Length];
            for (uint i = 0; i < items.Length; i++) items[i] = FromJs(array.Get(i), depth + 1);
            return items;
        }
        if (value is ObjectInstance obj and not Jint.Native.Function.Function)
        {
            var result = new Dictionary<string, object?>();
            foreach (var key in obj.GetOwnPropertyKeys(Jint.Runtime.Types.String))
                result[key.ToString()] = FromJs(obj.Get(key), depth + 1);
            return result;
        }
        return null;
    }
}
