using Tuner.Cli.Commands;
using Tuner.Core.Ports;

namespace Tuner.Cli.Tests.TestHelpers;

/// <summary>KMS keys for <see cref="VerifyCommand"/> without AWS: records which key was expected and from which stack,
/// and answers with <see cref="Verifier"/> (none: asking for a KMS key fails the test).</summary>
internal sealed class FakeKeySources(string stackKeyId = "stack-key", IReportVerifier? verifier = null) : VerifyCommand.IKeySources
{
    public List<string> ExpectedKeys { get; } = [];

    public List<string> Stacks { get; } = [];

    public IReportVerifier KmsVerifier(string expectedKeyId)
    {
        ExpectedKeys.Add(expectedKeyId);
        return verifier ?? throw new InvalidOperationException("this test must not use a KMS key");
    }

    public Task<string> StackSigningKeyIdAsync(string stackName, CancellationToken cancellationToken)
    {
        Stacks.Add(stackName);
        return Task.FromResult(stackKeyId);
    }
}
