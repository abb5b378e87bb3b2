using System.Globalization;
using IMCSim.Simulator.Chip;

namespace IMCSim.Mapping.Hyde;

/// <summary>
/// What the hybrid-device search asks of a design, a device per crossbar layer (<c>choice[l]</c> indexes <see cref="Devices"/>):
/// its accuracy on the search split (a simulation: expensive) and its chip cost (the cost model: cheap).
/// </summary>
public interface IHydeEvaluator
{
    /// <summary>The crossbar layers, in network order.</summary>
    IReadOnlyList<string> Layers { get; }

    /// <summary>The devices a layer may take.</summary>
    IReadOnlyList<string> Devices { get; }

    /// <summary>Top-1 accuracy of the float model on the search split (0..1).</summary>
    double FloatAccuracy { get; }

    /// <summary>Top-1 hardware accuracy of the design on the search split (0..1).</summary>
    double Accuracy(int[] choice);

    /// <summary>The chip cost of the design.</summary>
    ChipCostReport Cost(int[] choice);
}

/// <summary>How the search runs: the accuracy budget (percentage points below float accuracy), the objective, and its budgets.</summary>
/// <param name="MaxSimulations">Accuracy simulations at most, phase 1's included (each baseline and each layer's sensitivity is one).</param>
/// <param name="MaxCostEvaluations">Cost-model evaluations at most for the evolutionary search of a space too large to enumerate.</param>
/// <param name="ExhaustiveLimit">Spaces of at most this many designs are costed exhaustively.</param>
public sealed record HydeOptions(double AccuracyBudgetPp, HydeObjective Objective, int MaxSimulations = 200, int MaxCostEvaluations = 20_000, ulong Seed = 1, int ExhaustiveLimit = 1 << 18);

/// <summary>A design the search simulated: its devices, why it was simulated, its accuracy, the accuracy predicted before, and its cost.</summary>
public sealed record HydeCandidate(int[] Choice, string Key, string Phase, double Accuracy, double PredictedAccuracy, ChipCostReport Cost);

/// <summary>
/// The search's outcome: every simulated design, the homogeneous baselines, the best design within the accuracy budget (null when
/// none is), how many designs were costed, and whether the space was costed exhaustively.
/// </summary>
public sealed record HydeOutcome(IReadOnlyList<HydeCandidate> Simulated, IReadOnlyList<HydeCandidate> Baselines, HydeCandidate? Best, double TargetAccuracy, int CostEvaluations, bool Exhaustive, double InteractionMargin);

/// <summary>
/// The hybrid-device search (after HyDe, Bhattacharjee, Moitra and Panda, JETCAS 2023, whose exact algorithm is not public; built
/// here from first principles, docs/HYDE.md):
/// <list type="number">
/// <item>Phase 1, accuracy. Every homogeneous chip is simulated; the most accurate is the reference. Each layer's sensitivity to
/// each other device is simulated with every other layer on the reference device: the accuracy lost, delta[l, d]. A design's
/// accuracy is predicted as reference - sum over layers of delta[l, d_l]. Layers interact, so the prediction is checked: the
/// homogeneous baselines already are designs the sum predicts, and every design simulated later adds to the check. The largest
/// amount by which a simulated design did better than predicted is the interaction margin.</item>
/// <item>Phase 2, hardware. Designs are ranked by the objective from the cost model: all of them when the space (devices ^ layers)
/// is small enough, else those a greedy descent and a seeded evolutionary search visit. Walking down the ranking, a design whose
/// predicted accuracy plus the margin is below the target is passed over, the others are simulated, and the first that meets
/// the target is the answer. When the whole space fits the simulation budget no design is passed over, and the answer is the
/// exact optimum of the space; otherwise it is exact as long as no design beats its prediction by more than the margin.</item>
/// </list>
/// Deterministic: the same evaluator, options and seed give the same outcome.
/// </summary>
public static class HydeSearch
{
    public static HydeOutcome Run(IHydeEvaluator evaluator, HydeOptions options)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(options);
        var run = new SearchRun(evaluator, options);
        return run.Execute();
    }

    /// <summary>"conv1=sram,conv2=pcm,...": a design's key.</summary>
    public static string KeyOf(IReadOnlyList<string> layers, IReadOnlyList<string> devices, int[] choice) =>
        string.Join(",", choice.Select((d, l) => $"{layers[l]}={devices[d]}"));

    private sealed class SearchRun(IHydeEvaluator evaluator, HydeOptions options)
    {
        private readonly int _layers = evaluator.Layers.Count;
        private readonly int _devices = evaluator.Devices.Count;

        // Without accuracy (cost-only studies: NaN float accuracy) every design is within the budget and phase 1 has no sensitivities.
        private readonly bool _noAccuracy = double.IsNaN(evaluator.FloatAccuracy);
        private readonly Dictionary<string, HydeCandidate> _simulated = new(StringComparer.Ordinal);
        private readonly List<HydeCandidate> _order = [];
        private readonly Dictionary<string, (int[] Choice, double Score)> _costed = new(StringComparer.Ordinal);
        private double[,] _delta = new double[0, 0];
        private double _reference;
        private int _referenceDevice;
        private double _margin;

        public HydeOutcome Execute()
        {
            double target = evaluator.FloatAccuracy - (options.AccuracyBudgetPp / 100);

            // Phase 1: the homogeneous chips, then each layer's sensitivity to each device next to the most accurate one.
            var baselines = Enumerable.Range(0, _devices).Select(d => Simulate(Uniform(d), "baseline", double.NaN)).ToList();
            int reference = Enumerable.Range(0, _devices).MaxBy(d => (baselines[d].Accuracy, -d));
            _reference = baselines[reference].Accuracy;
            _referenceDevice = reference;
            _delta = new double[_layers, _devices];
            for (int l = 0; l < _layers; l++)
            {
                for (int d = 0; d < _devices; d++)
                {
                    if (_noAccuracy || d == reference)
                    {
                        continue;
                    }

                    if (_order.Count < options.MaxSimulations)
                    {
                        int[] choice = Uniform(reference);
                        choice[l] = d;
                        _delta[l, d] = _reference - Simulate(choice, "sensitivity", _reference).Accuracy;
                    }
                    else
                    {
                        _delta[l, d] = double.PositiveInfinity; // not measured: never predicted feasible
                    }
                }
            }

            foreach (HydeCandidate b in baselines)
            {
                _margin = _noAccuracy ? 0 : Math.Max(_margin, b.Accuracy - Predicted(b.Choice));
            }

            // Phase 2: rank designs by the objective, then simulate down the ranking until one meets the target.
            long space = (long)Math.Pow(_devices, _layers);
            bool exhaustive = space <= options.ExhaustiveLimit;
            if (exhaustive)
            {
                foreach (int[] choice in Enumerate())
                {
                    Score(choice);
                }
            }
            else
            {
                // Designs predicted within the target, then (when layers were seen to interact) those within the margin of it.
                int[] strict = Greedy(Uniform(reference), target);
                Evolve(strict, target, _margin > 0 ? options.MaxCostEvaluations / 2 : options.MaxCostEvaluations);
                if (_margin > 0)
                {
                    Evolve(Greedy(strict, target - _margin), target - _margin, options.MaxCostEvaluations);
                }
            }

            // The walk: with the whole space in the simulation budget every design is a candidate (exact). Otherwise first the designs
            // predicted within the target, down the ranking until one meets it; then, with the simulations left, the better-ranked
            // designs predicted short of the target by less than the interaction margin (the margin grows with every surprise).
            var ranked = _costed.Values.OrderByDescending(c => c.Score).ThenBy(c => KeyOf(c.Choice), StringComparer.Ordinal).Select(c => c.Choice).ToList();
            bool exact = exhaustive && space <= options.MaxSimulations;
            HydeCandidate? best = Walk(ranked, target, c => exact || Within(Predicted(c), target));
            if (!exact)
            {
                int better = best is null ? ranked.Count : ranked.FindIndex(c => KeyOf(c) == best.Key);
                best = Walk(ranked.Take(better), target, c => Predicted(c) < target && Predicted(c) + _margin >= target) ?? best;
            }

            // The budget ran out before the walk found one: the best simulated design that meets the target, if any.
            best ??= _order.Where(c => Within(c.Accuracy, target)).OrderByDescending(c => options.Objective.Score(c.Cost)).ThenBy(c => c.Key, StringComparer.Ordinal).FirstOrDefault();
            return new HydeOutcome(_order, baselines, best, target, _costed.Count, exhaustive, _margin);
        }

        /// <summary>Simulates the designs of <paramref name="ranked"/> that <paramref name="consider"/> accepts, in order, until one meets the target (or the simulation budget is spent).</summary>
        private HydeCandidate? Walk(IEnumerable<int[]> ranked, double target, Func<int[], bool> consider)
        {
            foreach (int[] choice in ranked)
            {
                if (!consider(choice))
                {
                    continue;
                }

                if (!_simulated.ContainsKey(KeyOf(choice)) && _order.Count >= options.MaxSimulations)
                {
                    return null;
                }

                double predicted = Predicted(choice);
                HydeCandidate c = Simulate(choice, "search", predicted);
                _margin = _noAccuracy ? 0 : Math.Max(_margin, c.Accuracy - predicted);
                if (Within(c.Accuracy, target))
                {
                    return c;
                }
            }

            return null;
        }

        private int[] Uniform(int device) => [.. Enumerable.Repeat(device, _layers)];

        private string KeyOf(int[] choice) => HydeSearch.KeyOf(evaluator.Layers, evaluator.Devices, choice);

        private double Predicted(int[] choice)
        {
            double a = _reference;
            for (int l = 0; l < _layers; l++)
            {
                a -= _delta[l, choice[l]];
            }

            return a;
        }

        private HydeCandidate Simulate(int[] choice, string phase, double predicted)
        {
            string key = KeyOf(choice);
            if (_simulated.TryGetValue(key, out HydeCandidate? known))
            {
                return known;
            }

            var c = new HydeCandidate((int[])choice.Clone(), key, phase, evaluator.Accuracy(choice), predicted, evaluator.Cost(choice));
            _simulated[key] = c;
            _order.Add(c);
            return c;
        }

        private double Score(int[] choice)
        {
            string key = KeyOf(choice);
            if (!_costed.TryGetValue(key, out var known))
            {
                known = ((int[])choice.Clone(), options.Objective.Score(evaluator.Cost(choice)));
                _costed[key] = known;
            }

            return known.Score;
        }

        /// <summary>Every design, the last layer's device varying fastest.</summary>
        private IEnumerable<int[]> Enumerate()
        {
            var choice = new int[_layers];
            while (true)
            {
                yield return choice;
                int l = _layers - 1;
                while (l >= 0 && ++choice[l] == _devices)
                {
                    choice[l--] = 0;
                }

                if (l < 0)
                {
                    yield break;
                }
            }
        }

        /// <summary>The search's fitness: the objective for a design predicted within the target, else below every such design.</summary>
        /// <remarks>The exploration of designs within the interaction margin passes target - margin as the target.</remarks>
        private double Fitness(int[] choice, double target) =>
            Within(Predicted(choice), target) ? Score(choice) : double.NegativeInfinity;

        /// <summary>An accuracy within the target (any, without accuracy).</summary>
        private bool Within(double accuracy, double target) => _noAccuracy || accuracy >= target;

        /// <summary>From a design within the target, the best single-layer change while one improves the objective within the target.</summary>
        private int[] Greedy(int[] start, double target)
        {
            int[] current = (int[])start.Clone();
            double currentFitness = Fitness(current, target);
            while (_costed.Count < options.MaxCostEvaluations)
            {
                (int Layer, int Device, double Fitness) bestMove = (-1, -1, currentFitness);
                for (int l = 0; l < _layers; l++)
                {
                    int was = current[l];
                    for (int d = 0; d < _devices; d++)
                    {
                        if (d == was)
                        {
                            continue;
                        }

                        current[l] = d;
                        double f = Fitness(current, target);
                        if (f > bestMove.Fitness)
                        {
                            bestMove = (l, d, f);
                        }
                    }

                    current[l] = was;
                }

                if (bestMove.Layer < 0)
                {
                    break;
                }

                current[bestMove.Layer] = bestMove.Device;
                currentFitness = bestMove.Fitness;
            }

            return current;
        }

        /// <summary>
        /// A seeded evolutionary search from the greedy design and the baselines: tournaments of 3, uniform crossover, one mutation per
        /// layer on average, designs predicted outside the target repaired by moving their most costly layers (largest delta) back to
        /// the reference device, the 4 best kept and 8 random designs let in each generation, until the cost-evaluation budget is spent
        /// or 40 generations bring no improvement; then the best design is polished by the best change of one or two layers while one
        /// improves it.
        /// </summary>
        private void Evolve(int[] greedy, double target, int budget)
        {
            var rng = new Random(unchecked((int)(options.Seed ^ (options.Seed >> 32))));
            const int size = 48, elite = 4, immigrants = 8;
            var population = new List<int[]> { greedy };
            population.AddRange(Enumerable.Range(0, _devices).Select(Uniform));
            while (population.Count < size)
            {
                population.Add(Repair(population.Count % 2 == 0 ? Mutate(greedy, rng, 3.0 / _layers) : Mutate(greedy, rng, 1.0), target));
            }

            double bestFitness = population.Max(c => Fitness(c, target));
            int stale = 0;
            while (_costed.Count < budget && stale < 40)
            {
                var ranked = population.OrderByDescending(c => Fitness(c, target)).ThenBy(KeyOf, StringComparer.Ordinal).ToList();
                var next = ranked.Take(elite).ToList();
                for (int i = 0; i < immigrants; i++)
                {
                    next.Add(Repair(Mutate(greedy, rng, 1.0), target));
                }

                while (next.Count < size)
                {
                    int[] a = Tournament(ranked, rng, target), b = Tournament(ranked, rng, target);
                    int[] child = new int[_layers];
                    for (int l = 0; l < _layers; l++)
                    {
                        child[l] = rng.Next(2) == 0 ? a[l] : b[l];
                    }

                    next.Add(Repair(Mutate(child, rng, 1.0 / _layers), target));
                }

                population = next;
                double f = population.Max(c => Fitness(c, target));
                stale = f > bestFitness ? 0 : stale + 1;
                bestFitness = Math.Max(bestFitness, f);
            }

            // Polish the best design found: the best change of one or two layers while one improves it.
            int[] best = _costed.Values.Select(c => c.Choice).MaxBy(c => (Fitness(c, target), KeyOf(c)))!;
            while (_costed.Count < budget)
            {
                double f = Fitness(best, target);
                int[]? better = null;
                for (int l1 = 0; l1 < _layers; l1++)
                {
                    for (int l2 = l1; l2 < _layers; l2++)
                    {
                        for (int d1 = 0; d1 < _devices; d1++)
                        {
                            for (int d2 = 0; d2 < _devices; d2++)
                            {
                                if ((l1 == l2 && d1 != d2) || (d1 == best[l1] && d2 == best[l2]))
                                {
                                    continue;
                                }

                                int[] c = (int[])best.Clone();
                                c[l1] = d1;
                                c[l2] = d2;
                                double fc = Fitness(c, target);
                                if (fc > f)
                                {
                                    (better, f) = (c, fc);
                                }
                            }
                        }
                    }
                }

                if (better is null)
                {
                    break;
                }

                best = better;
            }
        }

        private int[] Tournament(List<int[]> ranked, Random rng, double target)
        {
            int[] best = ranked[rng.Next(ranked.Count)];
            for (int i = 1; i < 3; i++)
            {
                int[] other = ranked[rng.Next(ranked.Count)];
                if (Fitness(other, target) > Fitness(best, target))
                {
                    best = other;
                }
            }

            return best;
        }

        private int[] Mutate(int[] choice, Random rng, double rate)
        {
            int[] c = (int[])choice.Clone();
            for (int l = 0; l < _layers; l++)
            {
                if (rng.NextDouble() < rate)
                {
                    c[l] = rng.Next(_devices);
                }
            }

            return c;
        }

        private int[] Repair(int[] choice, double target)
        {
            while (!Within(Predicted(choice), target))
            {
                int worst = Enumerable.Range(0, _layers).MaxBy(l => (_delta[l, choice[l]], -l));
                if (_delta[worst, choice[worst]] <= 0)
                {
                    break;
                }

                choice[worst] = _referenceDevice;
            }

            return choice;
        }
    }

    /// <summary>The design's accuracy in percent with 2 decimals, for messages.</summary>
    public static string Percent(double accuracy) => (accuracy * 100).ToString("F2", CultureInfo.InvariantCulture);
}
