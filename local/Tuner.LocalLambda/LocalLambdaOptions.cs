namespace Tuner.LocalLambda;

/// <summary>Settings of a <see cref="LocalLambdaService"/>, read once by its composition root.</summary>
public sealed record LocalLambdaOptions
{
    /// <summary>Port of the Lambda API on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    public string Region { get; init; } = "us-east-1";

    /// <summary>Functions registered at start (in addition to <see cref="RegistryPath"/>).</summary>
    public IReadOnlyList<LocalFunctionDefinition> Functions { get; init; } = [];

    /// <summary>Optional <c>tuner.local.json</c> to load at start.</summary>
    public string? RegistryPath { get; init; }

    /// <summary>Try to cap environments with cgroups (false runs unlimited and says so on every response).</summary>
    public bool EnforceLimits { get; init; } = true;

    /// <summary>Idle environments older than this are stopped.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// At most this many idle environments are kept (least recently used go first): a tuning run publishes a version
    /// per cell, and each finished cell's warm environments would otherwise hold memory until the idle timeout.
    /// </summary>
    public int MaxIdleEnvironments { get; init; } = 32;

    /// <summary>How long <c>LastUpdateStatus</c> stays InProgress after UpdateFunctionConfiguration.</summary>
    public TimeSpan UpdateDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Lambda's INIT phase limit; an init past it continues inside the invocation (suppressed init).</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Host cores admission control may hand out (default: all the machine's).</summary>
    public int? Cores { get; init; }

    /// <summary>Path of Tuner.LocalLambda.Host.dll; default: next to this assembly.</summary>
    public string? HostPath { get; init; }

    /// <summary>Variables every environment gets before Lambda's own and the function's (endpoints, credentials).</summary>
    public IReadOnlyDictionary<string, string> BaseEnvironment { get; init; } = new Dictionary<string, string>();

    public ILoggerFactory? LoggerFactory { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
