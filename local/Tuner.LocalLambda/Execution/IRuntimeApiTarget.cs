namespace Tuner.LocalLambda.Execution;

/// <summary>The environment behind a <see cref="RuntimeApiServer"/>: what each Runtime API call does.</summary>
internal interface IRuntimeApiTarget
{
    Task NextAsync(HttpContext context);

    Task ResponseAsync(HttpContext context, string requestId);

    Task ErrorAsync(HttpContext context, string requestId);

    Task InitErrorAsync(HttpContext context);
}
