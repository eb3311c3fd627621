using System.Text.Json.Nodes;

namespace Tuner.Infra.Tests.TestHelpers;

/// <summary>Queries over a synthesized template's JSON that CDK's matchers cannot express (every statement of
/// every policy, logical ids by property).</summary>
public static class TemplateJson
{
    /// <summary>(logical id, resource) for every resource of <paramref name="type"/>.</summary>
    public static IEnumerable<(string Id, JsonObject Resource)> Resources(JsonObject template, string type) =>
        template["Resources"]!.AsObject()
            .Where(p => (string?)p.Value!["Type"] == type)
            .Select(p => (p.Key, p.Value!.AsObject()));

    /// <summary>The logical id of the Lambda function with handler <paramref name="handler"/>.</summary>
    public static string FunctionId(JsonObject template, string handler) =>
        Resources(template, "AWS::Lambda::Function").Single(r => (string?)r.Resource["Properties"]!["Handler"] == handler).Id;

    /// <summary>The logical id of the role a function runs with.</summary>
    public static string RoleOf(JsonObject template, string functionId) =>
        (string)template["Resources"]![functionId]!["Properties"]!["Role"]!["Fn::GetAtt"]![0]!;

    /// <summary>Every statement of the IAM policies (inline and managed) attached to role <paramref name="roleId"/>.</summary>
    public static List<JsonObject> StatementsOfRole(JsonObject template, string roleId) =>
        Resources(template, "AWS::IAM::Policy")
            .Where(r => r.Resource["Properties"]!["Roles"]!.AsArray().Any(x => (string?)x!["Ref"] == roleId))
            .SelectMany(r => Statements(r.Resource["Properties"]!["PolicyDocument"]!))
            .ToList();

    /// <summary>Every statement of every IAM policy, managed policy and role inline policy in the template.</summary>
    public static List<(string Id, JsonObject Statement)> AllIamStatements(JsonObject template)
    {
        var result = new List<(string, JsonObject)>();
        foreach (var (id, r) in Resources(template, "AWS::IAM::Policy").Concat(Resources(template, "AWS::IAM::ManagedPolicy")))
        {
            result.AddRange(Statements(r["Properties"]!["PolicyDocument"]!).Select(s => (id, s)));
        }

        foreach (var (id, r) in Resources(template, "AWS::IAM::Role"))
        {
            foreach (var policy in r["Properties"]!["Policies"]?.AsArray() ?? [])
            {
                result.AddRange(Statements(policy!["PolicyDocument"]!).Select(s => (id, s)));
            }
        }

        return result;
    }

    /// <summary>The statements of a policy document.</summary>
    public static IEnumerable<JsonObject> Statements(JsonNode document) =>
        document["Statement"]!.AsArray().Select(s => s!.AsObject());

    /// <summary>A statement's actions as a list (Action may be a string or an array).</summary>
    public static List<string> Actions(JsonObject statement) => Strings(statement["Action"]);

    /// <summary>A string-or-array value as a list; non-string items (intrinsics) as their JSON text.</summary>
    public static List<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonArray a => a.Select(x => x is JsonValue ? (string)x! : x!.ToJsonString()).ToList(),
        JsonValue v => [(string)v!],
        _ => [node.ToJsonString()],
    };
}
