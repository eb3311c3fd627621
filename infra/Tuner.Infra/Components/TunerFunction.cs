using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace Tuner.Infra.Components;

/// <summary>One Tuner Lambda function: managed <c>dotnet10</c> runtime on arm64, JSON logs into its own log group
/// with a retention, and its own role that may write only to that log group (no AWSLambdaBasicExecutionRole,
/// whose log permissions cover every log group in the account).</summary>
public sealed class TunerFunction : Construct
{
    /// <summary>Lambda's managed .NET 10 runtime (CDK 2.160 has no constant for it).</summary>
    public static Runtime DotNet10 { get; } = new("dotnet10", RuntimeFamily.DOTNET_CORE);

    /// <summary>Creates the function, its log group and its role.</summary>
    public TunerFunction(Construct scope, string id, TunerFunctionProps props)
        : base(scope, id)
    {
        LogGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            Retention = Retention.From(props.LogRetentionDays),
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = $"Runs {props.Handler}",
        });
        LogGroup.GrantWrite(Role);
        Function = new Function(this, "Function", new FunctionProps
        {
            Runtime = DotNet10,
            Architecture = Architecture.ARM_64,
            Handler = props.Handler,
            Code = Code.FromAsset(props.CodeDirectory),
            Description = props.Description,
            MemorySize = props.MemoryMb,
            Timeout = Duration.Seconds(props.TimeoutSeconds),
            Environment = new Dictionary<string, string>(props.Environment),
            Role = Role,
            LogGroup = LogGroup,
            LoggingFormat = LoggingFormat.JSON,
            FunctionName = props.FunctionName,
        });
        Function.Node.AddDependency(Role);
    }

    /// <summary>The Lambda function.</summary>
    public Function Function { get; }

    /// <summary>The function's execution role.</summary>
    public Role Role { get; }

    /// <summary>The function's log group.</summary>
    public LogGroup LogGroup { get; }
}
