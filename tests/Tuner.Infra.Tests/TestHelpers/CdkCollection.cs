namespace Tuner.Infra.Tests.TestHelpers;

/// <summary>All CDK tests run in one collection: jsii's single runtime process is shared, and the default stack
/// is synthesized once.</summary>
[CollectionDefinition(Name)]
public sealed class CdkCollection : ICollectionFixture<CdkFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Cdk";
}
