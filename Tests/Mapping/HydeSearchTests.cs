using IMCSim.Mapping.Hyde;
using IMCSim.Mapping.Run;
using IMCSim.Mapping.Settings;
using IMCSim.Simulator.Kernels;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>
/// The hybrid-device search against brute force: the embedded LeNet-5's crossbar layers x 3 devices, every design costed by the
/// real cost model, accuracies from a cheap oracle whose layers interact (so the sum of single-layer sensitivities is wrong for
/// some designs, both ways).
/// </summary>
public sealed class HydeSearchTests
{
    private static readonly string[] Devices = ["sram", "pcm", "fefet"];
    private static readonly Lazy<CostWorkload> Costs = new(() => CostWorkload.Load(SimulationSettings.Defaults, new CpuKernels(1)));

    /// <summary>Accuracy lost per layer and device (SRAM exact), and two interactions: PCM on the first two layers together costs 1.5 pp more; FeFET on the last two together 0.8 pp less.</summary>
    private static double Oracle(SimulationSettings s, IReadOnlyList<string> layers)
    {
        double[][] drop = [[0, 0.004, 0.007], [0, 0.003, 0.002], [0, 0.001, 0.004], [0, 0.002, 0.006], [0, 0.0005, 0.003], [0, 0.001, 0.001]];
        string[] d = [.. layers.Select(l => s.Devices.For(l).Name)];
        double a = 0.99;
        for (int l = 0; l < d.Length; l++)
        {
            a -= drop[l][Array.IndexOf(Devices, d[l])];
        }

        a -= d[0] == "pcm" && d[1] == "pcm" ? 0.015 : 0;
        a += d[^1] == "fefet" && d[^2] == "fefet" ? 0.008 : 0;
        return a;
    }

    private static (HydeEvaluator Evaluator, int Calls) Evaluator(HydeObjective objective)
    {
        var layers = Costs.Value.Layers.Select(l => l.Name).ToList();
        int calls = 0;
        var evaluator = new HydeEvaluator(SimulationSettings.Defaults, Devices, Costs.Value, s => { calls++; return Oracle(s, layers); }, 0.99);
        return (evaluator, calls);
    }

    /// <summary>The best design by brute force: every design's oracle accuracy and cost.</summary>
    private static (string Key, double Score) BruteForce(HydeEvaluator e, HydeObjective objective, double target)
    {
        int layers = e.Layers.Count;
        (string Key, double Score) best = ("", double.NegativeInfinity);
        for (int code = 0; code < (int)Math.Pow(Devices.Length, layers); code++)
        {
            var choice = new int[layers];
            for (int l = layers - 1, c = code; l >= 0; l--, c /= Devices.Length)
            {
                choice[l] = c % Devices.Length;
            }

            if (e.Accuracy(choice) >= target)
            {
                double score = objective.Score(e.Cost(choice));
                string key = HydeSearch.KeyOf(e.Layers, e.Devices, choice);
                if (score > best.Score || (score == best.Score && string.CompareOrdinal(key, best.Key) < 0))
                {
                    best = (key, score);
                }
            }
        }

        return best;
    }

    public static TheoryData<string, double> Cases => new()
    {
        { "tops_per_mm2", 1.0 }, { "tops_per_mm2", 2.0 }, { "tops_per_w", 1.0 }, { "edap", 1.5 }, { "edp", 0.5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WhenTheSpaceFitsTheSimulationBudget_TheSearchReturnsTheBruteForceOptimum(string objectiveName, double budgetPp)
    {
        HydeObjective objective = HydeObjective.Parse(objectiveName);
        var (e, _) = Evaluator(objective);
        int space = (int)Math.Pow(Devices.Length, e.Layers.Count);
        HydeOutcome outcome = HydeSearch.Run(e, new HydeOptions(budgetPp, objective, MaxSimulations: space));
        var truth = BruteForce(e, objective, 0.99 - (budgetPp / 100));

        Assert.True(outcome.Exhaustive);
        Assert.NotNull(outcome.Best);
        Assert.Equal(truth.Key, outcome.Best!.Key);
        Assert.True(outcome.Simulated.Count < space / 2, $"the walk should stop well before simulating all {space} designs, simulated {outcome.Simulated.Count}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WithFewSimulations_TheSearchStillMeetsTheBudget_AndFindsTheOptimumHere(string objectiveName, double budgetPp)
    {
        HydeObjective objective = HydeObjective.Parse(objectiveName);
        var (e, _) = Evaluator(objective);
        HydeOutcome outcome = HydeSearch.Run(e, new HydeOptions(budgetPp, objective, MaxSimulations: 30));
        var truth = BruteForce(e, objective, 0.99 - (budgetPp / 100));

        Assert.True(outcome.Simulated.Count <= 30);
        Assert.True(outcome.Best!.Accuracy >= 0.99 - (budgetPp / 100));
        Assert.True(truth.Key == outcome.Best.Key, $"found {outcome.Best.Key} score {objective.Score(outcome.Best.Cost)}, optimum {truth.Key} score {truth.Score}; simulated {outcome.Simulated.Count}, margin {outcome.InteractionMargin}, walk {string.Join(" | ", outcome.Simulated.Where(c => c.Phase == "search").Select(c => $"{c.Accuracy:F4}/{c.PredictedAccuracy:F4}"))}");
    }

    [Fact]
    public void TheEvolutionarySearch_OfASpaceTooLargeToEnumerate_FindsTheOptimumHere_AndIsDeterministic()
    {
        HydeObjective objective = HydeObjective.TopsPerMm2;
        var (e, _) = Evaluator(objective);
        var options = new HydeOptions(1.0, objective, MaxSimulations: 40, MaxCostEvaluations: 150, Seed: 7, ExhaustiveLimit: 0);
        HydeOutcome outcome = HydeSearch.Run(e, options);
        var truth = BruteForce(e, objective, 0.98);

        Assert.False(outcome.Exhaustive);
        Assert.True(outcome.CostEvaluations < Math.Pow(Devices.Length, e.Layers.Count), $"costed {outcome.CostEvaluations}");
        Assert.True(truth.Key == outcome.Best!.Key, $"found {outcome.Best.Key} score {objective.Score(outcome.Best.Cost)}, optimum {truth.Key} score {truth.Score}; costed {outcome.CostEvaluations}");
        Assert.Equal(outcome.Simulated.Select(c => c.Key), HydeSearch.Run(Evaluator(objective).Evaluator, options).Simulated.Select(c => c.Key));
    }

    [Fact]
    public void PhaseOne_SimulatesEachLayerOnEachOtherDeviceNextToTheMostAccurateOne_AndTheInteractionMarginCoversTheBaselines()
    {
        var (e, _) = Evaluator(HydeObjective.TopsPerW);
        HydeOutcome outcome = HydeSearch.Run(e, new HydeOptions(1.0, HydeObjective.TopsPerW, MaxSimulations: 30));

        Assert.Equal(Devices, outcome.Baselines.Select(b => e.SettingsOf(b.Choice).DeviceName));
        Assert.Equal(e.Layers.Count * (Devices.Length - 1), outcome.Simulated.Count(c => c.Phase == "sensitivity"));
        Assert.All(outcome.Simulated.Where(c => c.Phase == "sensitivity"), c => Assert.Equal(1, c.Choice.Count(d => d != 0)));
        Assert.True(outcome.InteractionMargin >= 0.008 - 1e-12, $"FeFET on the last two layers beats the sum by 0.8 pp; margin {outcome.InteractionMargin}");
    }
}
