using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tuner.Core.Tests.TestHelpers;

/// <summary>
/// A small JSON Schema (2020-12) checker covering exactly the keywords examples/request.schema.json uses, so the
/// schema can be tested against the reader without a schema package. Unknown keywords fail loudly.
/// </summary>
internal sealed class MiniJsonSchema
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "default", "$defs"];

    private readonly JsonElement _root;

    public MiniJsonSchema(JsonElement root) => _root = root;

    /// <summary>Paths of the instance where the schema fails (empty when valid).</summary>
    public List<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Check(_root, instance, "", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True || (schema.ValueKind == JsonValueKind.Object && !schema.EnumerateObject().Any()))
        {
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var k = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    var name = k.GetString()!["#/$defs/".Length..];
                    Check(_root.GetProperty("$defs").GetProperty(name), value, path, errors);
                    break;
                case "type":
                    if (!TypeMatches(k.GetString()!, value))
                    {
                        errors.Add($"{path}: type");
                        return;
                    }

                    break;
                case "enum":
                    if (!k.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value)))
                    {
                        errors.Add($"{path}: enum");
                    }

                    break;
                case "const":
                    if (!JsonElement.DeepEquals(k, value))
                    {
                        errors.Add($"{path}: const");
                    }

                    break;
                case "minimum":
                    if (value.ValueKind == JsonValueKind.Number && value.GetDouble() < k.GetDouble())
                    {
                        errors.Add($"{path}: minimum");
                    }

                    break;
                case "maximum":
                    if (value.ValueKind == JsonValueKind.Number && value.GetDouble() > k.GetDouble())
                    {
                        errors.Add($"{path}: maximum");
                    }

                    break;
                case "exclusiveMinimum":
                    if (value.ValueKind == JsonValueKind.Number && value.GetDouble() <= k.GetDouble())
                    {
                        errors.Add($"{path}: exclusiveMinimum");
                    }

                    break;
                case "pattern":
                    if (value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, k.GetString()!))
                    {
                        errors.Add($"{path}: pattern");
                    }

                    break;
                case "minItems":
                    if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() < k.GetInt32())
                    {
                        errors.Add($"{path}: minItems");
                    }

                    break;
                case "maxItems":
                    if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > k.GetInt32())
                    {
                        errors.Add($"{path}: maxItems");
                    }

                    break;
                case "uniqueItems":
                    if (value.ValueKind == JsonValueKind.Array && k.GetBoolean())
                    {
                        var items = value.EnumerateArray().ToList();
                        for (var i = 0; i < items.Count; i++)
                        {
                            for (var j = 0; j < i; j++)
                            {
                                if (JsonElement.DeepEquals(items[i], items[j]))
                                {
                                    errors.Add($"{path}[{i}]: uniqueItems");
                                }
                            }
                        }
                    }

                    break;
                case "items":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        var index = 0;
                        foreach (var item in value.EnumerateArray())
                        {
                            Check(k, item, $"{path}[{index++}]", errors);
                        }
                    }

                    break;
                case "required":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var required in k.EnumerateArray())
                        {
                            if (!value.TryGetProperty(required.GetString()!, out _))
                            {
                                errors.Add($"{Join(path, required.GetString()!)}: required");
                            }
                        }
                    }

                    break;
                case "properties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in value.EnumerateObject())
                        {
                            if (k.TryGetProperty(property.Name, out var propertySchema))
                            {
                                Check(propertySchema, property.Value, Join(path, property.Name), errors);
                            }
                        }
                    }

                    break;
                case "additionalProperties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        var declared = schema.TryGetProperty("properties", out var properties) ? properties : default;
                        foreach (var property in value.EnumerateObject())
                        {
                            if (declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty(property.Name, out _))
                            {
                                continue;
                            }

                            if (k.ValueKind == JsonValueKind.False)
                            {
                                errors.Add($"{Join(path, property.Name)}: additionalProperties");
                            }
                            else
                            {
                                Check(k, property.Value, Join(path, property.Name), errors);
                            }
                        }
                    }

                    break;
                case "propertyNames":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in value.EnumerateObject())
                        {
                            using var nameDocument = JsonDocument.Parse(JsonSerializer.Serialize(property.Name));
                            Check(k, nameDocument.RootElement, Join(path, property.Name), errors);
                        }
                    }

                    break;
                case "not":
                    if (Check(k, value))
                    {
                        errors.Add($"{path}: not");
                    }

                    break;
                case "anyOf":
                    if (!k.EnumerateArray().Any(option => Check(option, value)))
                    {
                        errors.Add($"{path}: anyOf");
                    }

                    break;
                case "if":
                    if (Check(k, value) && schema.TryGetProperty("then", out var then))
                    {
                        Check(then, value, path, errors);
                    }

                    break;
                case "then":
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        throw new NotSupportedException($"keyword '{keyword.Name}' is not supported by the test checker");
                    }

                    break;
            }
        }
    }

    private bool Check(JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(schema, value, "", errors);
        return errors.Count == 0;
    }

    private static bool TypeMatches(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => throw new NotSupportedException(type),
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
