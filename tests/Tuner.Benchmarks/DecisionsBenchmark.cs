using System.Diagnostics;
using System.Globalization;
using Tuner.Benchmarks.Decisions;
using Tuner.Core.Decisions;
using Tuner.Core.Objectives;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;

namespace Tuner.Benchmarks;

/// <summary>
/// Simulates the staged decisions (Tuner.Core.Decisions) thousands of times on workload models with a known optimum
/// (Decisions/WorkloadModels.cs; noise measured on this machine, Decisions/README.md) and compares them with measuring
/// every cell to the ceiling. Per model: right %, false switches (switch where keeping was right), measured and total
/// invocations (warm-ups included). Seeded and reproducible.
/// Usage: <c>decisions [--runs 1000] [--seed 1] [--model name[,name]] [--noise-scale 1] [--failures 3] [--choices] [--ceiling 400] [--confirm n] [--budget-share x] [--means]</c>
/// (<c>--means</c>: the decisions compare ratios of means with t / Welch intervals instead of Hodges–Lehmann shifts).
/// Goals: ≥ 95% right on every model, ≤ 5% false switches when all cells are equal, staged ≤ 40% of the exhaustive
/// grid's invocations at equal or better accuracy.
/// </summary>
internal static class DecisionsBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var runs = BenchmarkInfo.Option(args, "--runs", 1000);
        var seed = BenchmarkInfo.Option(args, "--seed", 1);
        var failures = BenchmarkInfo.Option(args, "--failures", 3);
        var showChoices = args.Contains("--choices");
        var scale = double.Parse(BenchmarkInfo.Option(args, "--noise-scale") ?? "1", CultureInfo.InvariantCulture);
        var filter = BenchmarkInfo.Option(args, "--model")?.Split(',');
        var ceiling = BenchmarkInfo.Option(args, "--ceiling", TuningTarget.DefaultInvocations);
        var confirm = BenchmarkInfo.Option(args, "--confirm") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : (int?)null;
        var budgetShare = BenchmarkInfo.Option(args, "--budget-share") is { } b ? double.Parse(b, CultureInfo.InvariantCulture) : (double?)null;
        var statistic = args.Contains("--means") ? DecisionStatistic.RatioOfMeans : DecisionStatistic.HodgesLehmann;
        var sheet = PricingCatalog.Default.Get("us-east-1", "arm64");
        var models = WorkloadModels.All()
            .Where(m => filter is null || filter.Any(f => m.Name.Equals(f, StringComparison.OrdinalIgnoreCase) || m.Label.Equals(f, StringComparison.OrdinalIgnoreCase)))
            .Select(m => scale == 1 ? m : m with { Noise = m.Noise.Scaled(scale) })
            .Select(m => m with { Ceiling = ceiling, Confirm = confirm })
            .ToList();
        if (models.Count == 0)
        {
            Console.Error.WriteLine("no such model; models: " + string.Join(", ", WorkloadModels.All().Select(m => m.Label)));
            return Task.FromResult(2);
        }

        var watch = Stopwatch.StartNew();
        Console.WriteLine($"# Decision simulation — {BenchmarkInfo.Machine}");
        Console.WriteLine(Invariant($"{runs} runs per model, seed {seed}, noise scale {scale}, ceiling {ceiling} (request invocations), confirmation {(confirm is { } n ? n.ToString(CultureInfo.InvariantCulture) : "default")} per side; prices us-east-1 arm64; right = the oracle's choice or not worse than it beyond the margins (3% cost, 5% duration)"));
        var rows = new List<string>();
        var details = new List<string>();
        foreach (var (model, index) in models.Select((m, i) => (m, i)))
        {
            var oracle = new Oracle(model, sheet);
            var simulation = new DecisionSimulation(
                model,
                sheet,
                budgetShare is { } share ? p => p with { Budget = (int)Math.Ceiling(share * model.Cells.Count * p.Ceiling) } : null,
                statistic);
            var staged = new Tally();
            var exhaustive = new Tally();
            var wrong = new List<TargetDecision>();
            for (var run = 0; run < runs; run++)
            {
                var runSeed = StableSeed(seed, model.Label, run);
                var s = simulation.Run(simulation.Staged, runSeed).Decision;
                if (!staged.Add(s, oracle) && wrong.Count < failures)
                {
                    wrong.Add(s);
                }

                exhaustive.Add(simulation.Run(simulation.Exhaustive, runSeed ^ 0x5bd1e995).Decision, oracle);
            }

            var grid = model.Cells.Count * model.Ceiling;
            rows.Add(Invariant(
                $"| {model.Label} | {runs} | {model.Cells.Count} | {grid} | {Short(oracle.Choice)}{(oracle.KeepIsRight ? " (keep ok)" : string.Empty)} | {staged.RightPct:0.0} | {staged.PrimaryRightPct:0.0} | {staged.WrongSwitchPct:0.0} | {staged.FalseSwitchPct(oracle)} | {staged.Measured:0} | {staged.Total:0} | {staged.Total / grid * 100:0}% | {exhaustive.RightPct:0.0} | {exhaustive.FalseSwitchPct(oracle)} | {exhaustive.Measured:0} | {exhaustive.Total:0} | {staged.Total / exhaustive.Total * 100:0}% | {Goal(model, staged, exhaustive, oracle, grid)} |"));
            details.Add(Details(model, oracle, staged, exhaustive, wrong, showChoices));
        }

        Console.WriteLine();
        Console.WriteLine("| model/objective | runs | cells | grid | oracle | staged right % | staged right or tied on the primary goal % | staged wrong switch % | staged false switch % | staged measured | staged total | staged total / grid | exhaustive right % | exhaustive false switch % | exhaustive measured | exhaustive total | staged / exhaustive total | goals |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("goals: right = staged ≥ 95% right; switch = ≤ 5% false switches where keeping was right; budget = staged total ≤ 40% of the grid; accuracy = staged right ≥ exhaustive right − 1 point (1000 runs: ±0.7 points of noise at 95%)");
        Console.WriteLine("stress rows (noise beyond any measured here, the optimum not decidable within the grid's invocations): the goal is no wrong switch (≤ 5%), with budget; right % is shown, not a goal");
        Console.WriteLine("wrong switch = a switch to a cell that is not right (keeping the current configuration when a switch was right is not one)");
        Console.WriteLine("right or tied on the primary goal = right, or a cell of the oracle's tie set (equal on the objective within its margin) to which the tie rule did not go");
        Console.WriteLine("grid = cells × ceiling; measured = samples decisions use; total = every invocation, warm-ups included; false switch % is of the runs where keeping was right (– when it was not)");
        details.ForEach(Console.Write);
        Console.WriteLine(Invariant($"elapsed {watch.Elapsed.TotalSeconds:0.0} s"));
        return Task.FromResult(0);
    }

    private static string Details(WorkloadModel model, Oracle oracle, Tally staged, Tally exhaustive, List<TargetDecision> wrong, bool showChoices)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine();
        text.AppendLine(Invariant($"## {model.Label}: {model.Expect}"));
        var baseline = model.Cells[0].Cell;
        text.AppendLine(Invariant($"baseline {baseline.MemoryMb} MB{Knobs(baseline)}; tie set {string.Join(", ", oracle.TieSet.Select(Short))}; choice {Short(oracle.Choice)}; keep right: {oracle.KeepIsRight}"));
        text.AppendLine("true production figures (cost relative to the choice, duration ms): " + string.Join("; ", model.Cells.Select(c =>
        {
            var f = oracle[c.Cell.Id];
            return Invariant($"{Short(c.Cell.Id)} {(f.Feasible ? $"{(f.Cost / oracle[oracle.Choice].Cost - 1) * 100:+0.0;-0.0}% {f.Duration:0}" : "infeasible")}{(oracle.IsAcceptable(c.Cell.Id) ? "*" : string.Empty)}");
        })));
        if (showChoices)
        {
            text.AppendLine("staged choices: " + string.Join(", ", staged.Choices.OrderByDescending(kv => kv.Value).Select(kv => Invariant($"{Short(kv.Key)} {kv.Value}"))));
            text.AppendLine("exhaustive choices: " + string.Join(", ", exhaustive.Choices.OrderByDescending(kv => kv.Value).Select(kv => Invariant($"{Short(kv.Key)} {kv.Value}"))));
        }

        text.AppendLine(Invariant($"A/A check flagged instability in {staged.UnstablePct:0.0}% of staged runs, {exhaustive.UnstablePct:0.0}% of exhaustive runs"));
        text.AppendLine("staged wrong outcomes: " + (staged.Wrong.Count == 0 ? "none" : string.Join(", ", staged.Wrong.OrderByDescending(kv => kv.Value).Select(kv => Invariant($"{kv.Key} ×{kv.Value}")))));
        text.AppendLine("exhaustive wrong outcomes: " + (exhaustive.Wrong.Count == 0 ? "none" : string.Join(", ", exhaustive.Wrong.OrderByDescending(kv => kv.Value).Select(kv => Invariant($"{kv.Key} ×{kv.Value}")))));
        foreach (var decision in wrong)
        {
            text.AppendLine(Invariant($"- wrong staged run: {decision.Action} {Short(decision.ChosenCellId)} — {decision.Reason}"));
            foreach (var stage in decision.Stages)
            {
                text.AppendLine(Invariant($"    stage {stage.Number} {stage.Kind}: {stage.Cells.Count} cells to {stage.TargetSamples}{(stage.Challenger is { } challenger ? $" (challenger {Short(challenger)}{(stage.Rival is { } rival ? $", rival {Short(rival)}" : string.Empty)})" : string.Empty)}{(stage.Continuations > 0 ? $" (+{stage.Continuations} continuations)" : string.Empty)}{(stage.Dropped.Count > 0 ? "; dropped " + string.Join("; ", stage.Dropped.Select(d => $"{Short(d.CellId)} ({d.Reason})")) : string.Empty)}"));
            }

            if (decision.Stability is { } stability)
            {
                text.AppendLine("    " + stability.Summary);
            }
        }

        return text.ToString();
    }

    /// <summary>A run's seed from the run seed, the model and the run number (FNV-1a: HashCode is randomised per process).</summary>
    private static int StableSeed(int seed, string label, int run)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}/{label}/{run}")))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }

    private static string Goal(WorkloadModel model, Tally staged, Tally exhaustive, Oracle oracle, int grid)
    {
        var misses = new List<string>();
        if (model.Stress)
        {
            if (staged.WrongSwitchPct > 5)
            {
                misses.Add("wrong switch");
            }

            if (staged.Total > 0.4 * grid)
            {
                misses.Add("budget");
            }

            return misses.Count == 0 ? "met (stress: no wrong switch)" : "✗ " + string.Join(", ", misses);
        }

        if (staged.RightPct < 95)
        {
            misses.Add("right");
        }

        if (oracle.KeepIsRight && staged.FalseSwitchRate > 0.05)
        {
            misses.Add("switch");
        }

        if (staged.Total > 0.4 * grid)
        {
            misses.Add("budget");
        }

        if (staged.RightPct < exhaustive.RightPct - 1)
        {
            misses.Add("accuracy");
        }

        return misses.Count == 0 ? "met" : "✗ " + string.Join(", ", misses);
    }

    private static string Knobs(Tuner.Core.Planning.PlanCell cell) =>
        (cell.BatchSize is { } b ? Invariant($", b{b}") : string.Empty) + (cell.Parallelism is { } p ? Invariant($", p{p}") : string.Empty);

    private static string Short(string id) => id.StartsWith("t0-", StringComparison.Ordinal) ? id[3..] : id;

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private sealed class Tally
    {
        private int _runs;
        private int _right;
        private int _primaryRight;
        private int _switchWhenKeepRight;
        private int _wrongSwitch;
        private int _unstable;
        private long _measured;
        private long _total;

        public Dictionary<string, int> Choices { get; } = [];

        public Dictionary<string, int> Wrong { get; } = [];

        public double RightPct => 100.0 * _right / _runs;

        /// <summary>Right, or in the oracle's tie set on the primary goal (the tie went to the wrong cell: a slower one of equal cost, a dearer one of equal speed).</summary>
        public double PrimaryRightPct => 100.0 * _primaryRight / _runs;

        public double Measured => (double)_measured / _runs;

        public double Total => (double)_total / _runs;

        public double UnstablePct => 100.0 * _unstable / _runs;

        /// <summary>Share of runs that switched to a cell that is not right, %.</summary>
        public double WrongSwitchPct => 100.0 * _wrongSwitch / _runs;

        public double FalseSwitchRate => (double)_switchWhenKeepRight / _runs;

        public string FalseSwitchPct(Oracle oracle) => oracle.KeepIsRight ? Invariant($"{100.0 * _switchWhenKeepRight / _runs:0.0}") : "–";

        /// <summary>Counts the decision; true when it is right.</summary>
        public bool Add(TargetDecision decision, Oracle oracle)
        {
            _runs++;
            _measured += decision.MeasuredInvocations;
            _total += decision.TotalInvocations;
            _unstable += decision.Stability?.Unstable == true ? 1 : 0;
            var chosen = decision.Action == RecommendationAction.Switch ? decision.ChosenCellId : oracle.Model.Cells[0].Cell.Id;
            var key = decision.Action == RecommendationAction.Switch ? Short(chosen) : "keep";
            Choices[key] = Choices.GetValueOrDefault(key) + 1;
            if (decision.Action == RecommendationAction.Switch && oracle.KeepIsRight)
            {
                _switchWhenKeepRight++;
            }

            var right = oracle.IsAcceptable(chosen);
            _primaryRight += right || oracle.TieSet.Contains(chosen) ? 1 : 0;
            if (right)
            {
                _right++;
            }
            else
            {
                Wrong[key] = Wrong.GetValueOrDefault(key) + 1;
                _wrongSwitch += decision.Action == RecommendationAction.Switch ? 1 : 0;
            }

            return right;
        }
    }
}
