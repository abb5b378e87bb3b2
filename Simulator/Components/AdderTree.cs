using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// Adder trees summing M inputs of N bits, after DNN+NeuroSim V1.4 AdderTree.cpp (neurosim/DNN_NeuroSim_V1.4 @9e6742c,
/// Inference_pytorch/NeuroSIM/AdderTree.cpp), of <see cref="RippleCarryAdder"/> stages. Formula family: composition.
/// <list type="bullet">
/// <item>Shape (<see cref="Shape"/>): ceil(log2 M) levels; level k (from 0) takes j_k inputs (j_0 = M) with floor(j_k / 2) adders of
/// N + k bits and passes ceil(j_k / 2) on; the output has N + ceil(log2 M) bits and the tree M - 1 adders.</item>
/// <item>Area (CalculateArea): trees x sum over levels of adders x (N + k) x 9 NAND2 footprints.</item>
/// <item>Energy of one tree operation (CalculatePower): sum over levels of adders x <see cref="RippleCarryAdder.EnergyPerAddJ"/>(N + k),
/// times trees; leakage likewise.</item>
/// <item>Latency (CalculateLatency, V1.4): one N-bit add, then one 2-bit add per further level (the ripple of a level overlaps the
/// next), each driving the given load.</item>
/// </list>
/// Difference from NeuroSim: its ceil(j / 2) is an integer division, so an odd input count loses one input per level (M = 5 gets 3
/// adders, not 4); here the odd input passes to the next level. Powers of two give the same tree.
/// </summary>
public static class AdderTree
{
    /// <summary>Levels, adders and adder widths of one tree.</summary>
    public sealed record TreeShape(int Levels, IReadOnlyList<int> AddersPerLevel, IReadOnlyList<int> BitsPerLevel, int OutputBits)
    {
        /// <summary>Adders in the tree, M - 1.</summary>
        public int TotalAdders => AddersPerLevel.Sum();

        /// <summary>Full-adder bits in the tree, sum of adders x bits over the levels.</summary>
        public long FullAdderBits => AddersPerLevel.Zip(BitsPerLevel, (a, b) => (long)a * b).Sum();
    }

    /// <summary>The shape of a tree summing <paramref name="inputs"/> inputs of <paramref name="bits"/> bits.</summary>
    public static TreeShape Shape(int inputs, int bits)
    {
        AccumulationArguments.Positive(inputs);
        AccumulationArguments.Positive(bits);
        var adders = new List<int>();
        var widths = new List<int>();
        for (int j = inputs, k = 0; j > 1; j = (j + 1) / 2, k++)
        {
            adders.Add(j / 2);
            widths.Add(bits + k);
        }

        return new TreeShape(adders.Count, adders, widths, bits + adders.Count);
    }

    /// <summary>Layout area of <paramref name="trees"/> trees, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int inputs, int bits, int trees)
    {
        ArgumentNullException.ThrowIfNull(tech);
        var s = Shape(inputs, bits);
        AccumulationArguments.Positive(trees);
        return RippleCarryAdder.NandAreaM2(tech) * RippleCarryAdder.NandsPerBit * s.FullAdderBits * trees;
    }

    /// <summary>Dynamic energy of one operation of all <paramref name="trees"/> trees, J.</summary>
    public static double EnergyPerOperationJ(TechnologyNode tech, int inputs, int bits, int trees)
    {
        ArgumentNullException.ThrowIfNull(tech);
        var s = Shape(inputs, bits);
        AccumulationArguments.Positive(trees);
        double e = 0;
        for (int k = 0; k < s.Levels; k++)
        {
            e += s.AddersPerLevel[k] * RippleCarryAdder.EnergyPerAddJ(tech, s.BitsPerLevel[k]);
        }

        return e * trees;
    }

    /// <summary>Time of one tree operation, every stage driving <paramref name="loadF"/> (F), s (0 for a single input).</summary>
    public static double LatencyS(TechnologyNode tech, int inputs, int bits, double loadF)
    {
        ArgumentNullException.ThrowIfNull(tech);
        var s = Shape(inputs, bits);
        return s.Levels == 0 ? 0 : RippleCarryAdder.LatencyS(tech, bits, loadF) + ((s.Levels - 1) * RippleCarryAdder.LatencyS(tech, 2, loadF));
    }

    /// <summary>Leakage power of <paramref name="trees"/> trees, W.</summary>
    public static double LeakageW(TechnologyNode tech, int inputs, int bits, int trees)
    {
        ArgumentNullException.ThrowIfNull(tech);
        var s = Shape(inputs, bits);
        AccumulationArguments.Positive(trees);
        double w = 0;
        for (int k = 0; k < s.Levels; k++)
        {
            w += s.AddersPerLevel[k] == 0 ? 0 : RippleCarryAdder.LeakageW(tech, s.BitsPerLevel[k], s.AddersPerLevel[k]);
        }

        return w * trees;
    }

    /// <summary>All four costs.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int inputs, int bits, int trees, double loadF) =>
        new(AreaM2(tech, inputs, bits, trees), EnergyPerOperationJ(tech, inputs, bits, trees), LatencyS(tech, inputs, bits, loadF), LeakageW(tech, inputs, bits, trees));
}
