using Tuner.Core.Ports;

namespace Tuner.Cli.Plan;

/// <summary>
/// Where <c>tuner plan</c> reads the targets' configurations: the local registry, or a deployed stack's account and
/// region (<paramref name="Description"/> says which, for people). <paramref name="AllowList"/> holds the functions
/// allowed without the <c>tuner:allow</c> tag, as far as they are known here.
/// </summary>
internal sealed record PlanSource(string Name, string Description, ILambdaApi Lambda, string Region, IReadOnlySet<string> AllowList);
