using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Tuner.Contracts;
using Tuner.Infra.Security;
using Tuner.Infra.Settings;

namespace Tuner.Infra;

/// <summary>Least privilege: what each of Tuner's roles may do to the targets, the bucket's key patterns (<see cref="BucketKeys.Patterns"/>) and the executions.</summary>
public sealed partial class TunerStack
{
    private void GrantLeastPrivilege(TunerSettings settings)
    {
        var tuning = new TuningAccess(this, settings.AllowedFunctionArns);
        foreach (var statement in tuning.ChangeStatements())
        {
            Planner.Role.AddToPolicy(statement);
            Cleaner.Role.AddToPolicy(statement);
        }

        foreach (var statement in tuning.InvokeStatements())
        {
            Executor.Role.AddToPolicy(statement);
        }

        foreach (var role in new[] { Planner.Role, Cleaner.Role, Executor.Role })
        {
            foreach (var statement in tuning.OwnFunctionDenies())
            {
                role.AddToPolicy(statement);
            }
        }

        // The Planner writes the run's plan.json and, resuming a publish its time budget cut short (ResumePlanner),
        // reads it back; the Executor and the Cleaner read it.
        Planner.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadAndWritePlans",
            Actions = ["s3:GetObject", "s3:PutObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.InEveryRun(BucketKeys.PlanFile))],
        }));
        foreach (var reader in new[] { Executor, Cleaner })
        {
            reader.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "ReadPlans",
                Actions = ["s3:GetObject"],
                Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.InEveryRun(BucketKeys.PlanFile))],
            }));
        }

        // Each run's whole baselines (environment values included): the Planner writes them, the Cleaner restores from
        // them; no other role, and not the report readers, may read them (and the key decrypts them for those two only).
        Planner.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "WriteBaselines",
            Actions = ["s3:GetObject", "s3:PutObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.EveryBaselines)],
        }));
        Cleaner.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadBaselines",
            Actions = ["s3:GetObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.EveryBaselines)],
        }));

        // The Cleaner records that the run ended before it cleans; a Planner invocation still publishing (StopExecution
        // does not stop it) reads that after each change and undoes it.
        Cleaner.Role.AddToPolicy(ObjectAccess("RecordRunEnded", ["s3:PutObject"], BucketKeys.Patterns.InEveryRun(BucketKeys.EndedFile)));
        Planner.Role.AddToPolicy(ObjectAccess("ReadRunEnded", ["s3:GetObject"], BucketKeys.Patterns.InEveryRun(BucketKeys.EndedFile)));
        // What the Cleaner did to each target, beside the report it cannot change (signed before it runs), and the
        // Cleaner's signature of it (tuner fetch reads and verifies both), and cleanup.html, the record for people beside report.html.
        Cleaner.Role.AddToPolicy(ObjectAccess("RecordCleanup", ["s3:PutObject"], BucketKeys.Patterns.InEveryRun(BucketKeys.CleanupFile), BucketKeys.Patterns.InEveryRun(BucketKeys.CleanupSignatureFile), BucketKeys.Patterns.InEveryRun(BucketKeys.CleanupHtmlFile)));
        Cleaner.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SignCleanupRecords",
            Actions = ["kms:Sign", "kms:GetPublicKey"],
            Resources = [CleanupSigningKey.KeyArn],
        }));

        // The Planner (is this a retried first attempt?) and the Cleaner (did the Planner get as far as recording a
        // plan?) read plan.json expecting it may be missing. S3 answers a GetObject of a missing key with 404 only to a
        // caller that may list the bucket; without s3:ListBucket it answers 403 AccessDenied, which would fail them.
        foreach (var reader in new[] { Planner, Cleaner })
        {
            reader.Role.AddToPolicy(ListPrefixes("ListRuns", BucketKeys.Patterns.EveryRun));
        }

        // A run's lease of each target (BucketKeys.Lease, S3 conditional writes): the Planner acquires it (reads the
        // current one, writes with If-None-Match or If-Match) and releases it when it refuses the run; the Cleaner
        // releases it. No other function touches the leases. A missing lease must read as 404, hence the ListBucket.
        Planner.Role.AddToPolicy(ObjectAccess("AcquireLeases", ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], BucketKeys.Patterns.EveryLease));
        Cleaner.Role.AddToPolicy(ObjectAccess("ReleaseLeases", ["s3:GetObject", "s3:DeleteObject"], BucketKeys.Patterns.EveryLease));
        foreach (var leaseHolder in new[] { Planner, Cleaner })
        {
            leaseHolder.Role.AddToPolicy(ListPrefixes("ListLeases", BucketKeys.Patterns.EveryLease));
        }

        // Taking over an expired lease needs to know its execution ended: DescribeExecution of this machine's executions.
        Planner.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "DescribeOwnExecutions",
            Actions = ["states:DescribeExecution"],
            Resources = [ExecutionsArnPattern],
        }));

        Executor.Role.AddToPolicy(ObjectAccess("WriteSamples", ["s3:PutObject", "s3:PutObjectTagging"], BucketKeys.Patterns.EverySample));
        Executor.Role.AddToPolicy(ObjectAccess("WriteUnitSummaries", ["s3:PutObject"], BucketKeys.Patterns.EveryStep));

        // The Narrower reads the plan, the samples so far and its own stages.json (missing on its first call: the
        // ListBucket makes that a 404, not a 403), and writes nothing but stages.json.
        Narrower.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadRuns",
            Actions = ["s3:GetObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.EveryRun)],
        }));
        Narrower.Role.AddToPolicy(ListPrefixes("ListRuns", BucketKeys.Patterns.EveryRun));
        Narrower.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "WriteStages",
            Actions = ["s3:PutObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.InEveryRun(BucketKeys.StagesFile))],
        }));

        // The Reducer reads the run (plan, samples, unit summaries, stages) and the job's previous report, and writes
        // only the report files: never plan.json, which the Cleaner trusts (only the Planner writes it).
        Reducer.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadRunsAndJobs",
            Actions = ["s3:GetObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.EveryRun), Bucket.ArnForObjects(BucketKeys.Patterns.EveryJob)],
        }));
        Reducer.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "WriteReports",
            Actions = ["s3:PutObject"],
            Resources = [.. BucketKeys.ReportFiles.Select(file => Bucket.ArnForObjects(BucketKeys.Patterns.InEveryRun(file))), Bucket.ArnForObjects(BucketKeys.Patterns.EveryLatest)],
        }));
        Reducer.Role.AddToPolicy(ListPrefixes("ListRunsAndJobs", _readablePrefixes));
        Reducer.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SignReports",
            Actions = ["kms:Sign", "kms:GetPublicKey"],
            Resources = [SigningKey.KeyArn],
        }));
    }

    private PolicyStatement ObjectAccess(string sid, string[] actions, params string[] keyPatterns) => new(new PolicyStatementProps
    {
        Sid = sid,
        Actions = actions,
        Resources = [.. keyPatterns.Select(Bucket.ArnForObjects)],
    });

    private PolicyStatement ListPrefixes(string sid, params string[] prefixes) => new(new PolicyStatementProps
    {
        Sid = sid,
        Actions = ["s3:ListBucket"],
        Resources = [Bucket.BucketArn],
        Conditions = new Dictionary<string, object>
        {
            ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = prefixes },
        },
    });
}
