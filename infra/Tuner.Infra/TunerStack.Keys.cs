using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.S3;
using Tuner.Contracts;

namespace Tuner.Infra;

/// <summary>The stack's KMS keys: the report and cleanup-record signing keys (only their signer may sign) and the baselines key (only the Planner and the Cleaner may use it).</summary>
public sealed partial class TunerStack
{
    private Key CreateSigningKey(string id, string description, string signerSid, Role signerRole)
    {
        var account = new AccountRootPrincipal();
        // An explicit key policy instead of CDK's default (kms:* for the account): the account administers the
        // key and may let IAM users read the public key, but only the signer's role may sign.
        var policy = new PolicyDocument(new PolicyDocumentProps
        {
            Statements =
            [
                AccountAdministersKey(account),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "AccountMayReadPublicKey",
                    Principals = [account],
                    Actions = ["kms:GetPublicKey", "kms:Verify"],
                    Resources = ["*"],
                }),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = signerSid,
                    Principals = [new ArnPrincipal(signerRole.RoleArn)],
                    Actions = ["kms:Sign", "kms:GetPublicKey"],
                    Resources = ["*"],
                }),
            ],
        });
        return new Key(this, id, new KeyProps
        {
            Description = description,
            KeySpec = KeySpec.ECC_NIST_P256,
            KeyUsage = KeyUsage.SIGN_VERIFY,
            Policy = policy,
            // Old reports stay verifiable after the stack is gone.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
    }

    /// <summary>The account administers a key (policy, state, aliases, tags), without using it.</summary>
    private static PolicyStatement AccountAdministersKey(AccountRootPrincipal account, params string[] more) => new(new PolicyStatementProps
    {
        Sid = "AccountAdministersKey",
        Principals = [account],
        Actions =
        [
            "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:EnableKey", "kms:DisableKey",
            "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:TagResource", "kms:UntagResource",
            "kms:ListResourceTags", "kms:UpdateKeyDescription", "kms:CreateAlias", "kms:UpdateAlias",
            "kms:DeleteAlias", "kms:GetKeyRotationStatus", "kms:ListKeyPolicies", .. more,
        ],
        Resources = ["*"],
    });

    private Key CreateBaselinesKey(Role plannerRole, Role cleanerRole)
    {
        var account = new AccountRootPrincipal();
        // The account administers the key; only the Planner (writes the baselines) and the Cleaner (reads them) may
        // encrypt or decrypt with it, so no other role reads them even with s3:GetObject on secrets/.
        var policy = new PolicyDocument(new PolicyDocumentProps
        {
            Statements =
            [
                AccountAdministersKey(account, "kms:EnableKeyRotation"),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "PlannerEncryptsBaselines",
                    Principals = [new ArnPrincipal(plannerRole.RoleArn)],
                    Actions = ["kms:GenerateDataKey", "kms:Decrypt"],
                    Resources = ["*"],
                }),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "CleanerDecryptsBaselines",
                    Principals = [new ArnPrincipal(cleanerRole.RoleArn)],
                    Actions = ["kms:Decrypt"],
                    Resources = ["*"],
                }),
            ],
        });
        var key = new Key(this, "BaselinesKey", new KeyProps
        {
            Description = $"Tuner baselines ({BucketKeys.SecretsPrefix}): SSE-KMS, Planner and Cleaner only",
            EnableKeyRotation = true,
            Policy = policy,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        // Nothing lands under secrets/ unencrypted or with another key (a missing header matches StringNotEquals).
        Bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SecretsOnlyWithTheBaselinesKey",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["s3:PutObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.EverySecret)],
            Conditions = new Dictionary<string, object>
            {
                ["StringNotEquals"] = new Dictionary<string, object> { ["s3:x-amz-server-side-encryption-aws-kms-key-id"] = key.KeyArn },
            },
        }));
        return key;
    }
}
