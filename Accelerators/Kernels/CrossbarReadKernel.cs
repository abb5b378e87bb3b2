using ILGPU;
using ILGPU.Runtime;
using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Random;

namespace IMCSim.Accelerators.Kernels;

/// <summary>A crossbar read's shape and flags as a kernel parameter (blittable; flags as ints).</summary>
internal readonly record struct ReadKernelArgs(
    int Rows, int K, int ArrayRows, int N, int Slices, int Width, int Cycles, int DacBits, int DigitMask, int Quantise, float InverseLsb, float CodeMin, float CodeMax,
    ulong NoiseKey, long FirstRow, int Phase, int Phases, int Tiles, int Noisy, int SquaresDiffer, int Calibrate)
{
    public static ReadKernelArgs From(in CrossbarReadArgs a, bool noisy, bool calibrate)
    {
        bool quantise = a.QuantiseAdc == 1 && a.Mode == CrossbarReadMode.Read;
        return new(a.Rows, a.K, a.ArrayRows, a.N, a.Slices, a.Width, a.Cycles, a.DacBits, a.DigitMask, quantise ? 1 : 0, quantise ? a.InverseLsb : 1f,
            quantise ? a.CodeMin : -float.MaxValue, quantise ? a.CodeMax : float.MaxValue, a.NoiseKey, a.FirstRow, a.Phase, a.Phases, a.Tiles, noisy ? 1 : 0,
            (a.Analog == 1 || a.DacBits > 1) ? 1 : 0, calibrate ? 1 : 0);
    }
}

/// <summary>
/// The crossbar read as CpuKernels computes it, one (input vector, plane column) per work item, so the results are its bits:
/// for each row tile and input cycle in order, the digits of the vector (bit-serial codes or analog values), the column's mean current
/// and variance as FMA chains over the tile's rows in K blocks of 256 (the packed GEMM's and the selected-row sums' order; a read that
/// drives no row is skipped, as on the CPU), one counter-based normal per column per read (<see cref="CounterRng.NormalSingle"/>'s
/// transform), the ADC (round half to even, clamp) and an FMA into the column's accumulator with the cycle's shift-and-add weight.
/// <see cref="ShiftAdd"/> then adds the slices in slice order.
/// </summary>
internal static class CrossbarReadKernel
{
    private const int BlockK = GemmKernel.BlockK;

    /// <summary>Input cycles whose sums one pass over a tile's rows takes together (each plane entry is loaded once per group, not once per cycle).</summary>
    public const int CycleGroup = 8;

    /// <summary>
    /// One (input vector, plane column) of the read. The tile's rows are walked once per <see cref="CycleGroup"/> input cycles: each
    /// conductance and variance entry is loaded once and feeds every cycle's FMA chain of the group. Each chain still runs over the
    /// tile's rows in order in blocks of 256, and the cycles' currents go through the noise and the ADC into the accumulator in
    /// (tile, cycle) order, so the bits are those of one chain per cycle (CpuKernels').
    /// </summary>
    public static void Read<TMath>(Index1D index, ReadKernelArgs g, ArrayView<float> inputs, ArrayView<float> conductance, ArrayView<float> variance,
        ArrayView<float> columnWeights, ArrayView<float> accumulated, ArrayView<int> histogram, ArrayView<int> maxCurrentBits)
        where TMath : struct, IFusedMath
    {
        int r = index.X / g.Width, j = index.X - (r * g.Width);
        long rowBase = (long)r * g.K;
        float acc = 0f;
        for (int t = 0; t < g.Tiles; t++)
        {
            int k0 = t * g.ArrayRows, kt = g.K - k0 < g.ArrayRows ? g.K - k0 : g.ArrayRows;
            for (int c0 = 0; c0 < g.Cycles; c0 += CycleGroup)
            {
                CycleSums s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
                for (int i = 0; i < kt; i++)
                {
                    float x = inputs[rowBase + k0 + i];
                    long plane = ((long)(k0 + i) * g.Width) + j;
                    float gij = conductance[plane], vij = g.Noisy != 0 ? variance[plane] : 0f;
                    bool close = (i + 1) % BlockK == 0 || i + 1 == kt, first = i < BlockK;
                    s0.Add<TMath>(g, x, c0, gij, vij, close, first);
                    s1.Add<TMath>(g, x, c0 + 1, gij, vij, close, first);
                    s2.Add<TMath>(g, x, c0 + 2, gij, vij, close, first);
                    s3.Add<TMath>(g, x, c0 + 3, gij, vij, close, first);
                    s4.Add<TMath>(g, x, c0 + 4, gij, vij, close, first);
                    s5.Add<TMath>(g, x, c0 + 5, gij, vij, close, first);
                    s6.Add<TMath>(g, x, c0 + 6, gij, vij, close, first);
                    s7.Add<TMath>(g, x, c0 + 7, gij, vij, close, first);
                }

                acc = Convert<TMath>(g, s0, r, j, t, c0, columnWeights, histogram, maxCurrentBits, acc);
                acc = Convert<TMath>(g, s1, r, j, t, c0 + 1, columnWeights, histogram, maxCurrentBits, acc);
                acc = Convert<TMath>(g, s2, r, j, t, c0 + 2, columnWeights, histogram, maxCurrentBits, acc);
                acc = Convert<TMath>(g, s3, r, j, t, c0 + 3, columnWeights, histogram, maxCurrentBits, acc);
                acc = Convert<TMath>(g, s4, r, j, t, c0 + 4, columnWeights, histogram, maxCurrentBits, acc);
                acc = Convert<TMath>(g, s5, r, j, t, c0 + 5, columnWeights, histogram, maxCurrentBits, acc);
                acc = Convert<TMath>(g, s6, r, j, t, c0 + 6, columnWeights, histogram, maxCurrentBits, acc);
                acc = Convert<TMath>(g, s7, r, j, t, c0 + 7, columnWeights, histogram, maxCurrentBits, acc);
            }
        }

        accumulated[index.X] = acc;
    }

    /// <summary>
    /// A driven read of cycle <paramref name="c"/> of tile <paramref name="t"/> (cycles past the last and reads that drive no row are
    /// skipped): the noisy current, the calibration histogram, the ADC code, and the FMA into the accumulator.
    /// </summary>
    private static float Convert<TMath>(ReadKernelArgs g, CycleSums s, int r, int j, int t, int c, ArrayView<float> columnWeights, ArrayView<int> histogram,
        ArrayView<int> maxCurrentBits, float acc)
        where TMath : struct, IFusedMath
    {
        if (c >= g.Cycles || !s.Driven)
        {
            return acc;
        }

        float current = s.Mean;
        if (g.Noisy != 0)
        {
            ulong read = (((((ulong)(g.FirstRow + r) * (ulong)g.Phases) + (ulong)g.Phase) * (ulong)g.Tiles) + (ulong)t) * (ulong)g.Cycles + (ulong)c;
            ulong counter = (read * (ulong)g.Width) + (ulong)j;
            ulong bits = CounterRng.NormalPairBits(g.NoiseKey, counter);
            float z = BoxMuller.Normal<float, int, ScalarBoxMullerLanes<TMath>>(CounterRng.NormalRadius(bits), CounterRng.NormalAngle(bits, counter));
            float sigma = TMath.Sqrt(s.Var > 0f ? s.Var : 0f);
            current = TMath.Fma(sigma, z, s.Mean);
        }

        if (g.Calibrate != 0 && !(g.Noisy != 0 && g.Quantise != 0))
        {
            int magnitude = (int)Interop.FloatAsInt(current) & 0x7FFFFFFF;
            Atomic.Add(ref histogram[Simulator.Crossbar.CurrentHistogram.BinOfMagnitude(magnitude)], 1);
            Atomic.Max(ref maxCurrentBits[0], magnitude);
        }

        float code = current;
        if (g.Quantise != 0)
        {
            code = TMath.RoundEven(TMath.Multiply(current, g.InverseLsb));
            code = code < g.CodeMin ? g.CodeMin : code;
            code = code > g.CodeMax ? g.CodeMax : code;
        }

        return TMath.Fma(code, columnWeights[((long)((t * g.Cycles) + c) * g.Width) + j], acc);
    }

    /// <summary>One input cycle's mean and variance sums over a tile's rows: FMA chains in blocks of 256 rows, the blocks added in order.</summary>
    private struct CycleSums
    {
        public float Mean, Var, MeanBlock, VarBlock;
        public bool Driven;

        /// <summary>Adds tile row input <paramref name="x"/>'s digit of cycle <paramref name="c"/> (nothing past the last cycle); <paramref name="close"/> ends a block of rows.</summary>
        public void Add<TMath>(ReadKernelArgs g, float x, int c, float conductance, float variance, bool close, bool first)
            where TMath : struct, IFusedMath
        {
            if (c >= g.Cycles)
            {
                return;
            }

            float d = g.DigitMask == 0 ? x : (float)((((int)x) >> (c * g.DacBits)) & g.DigitMask);
            Driven |= d != 0f;
            MeanBlock = TMath.Fma(d, conductance, MeanBlock);
            if (g.Noisy != 0)
            {
                VarBlock = TMath.Fma(g.SquaresDiffer != 0 ? TMath.Multiply(d, d) : d, variance, VarBlock);
            }

            if (close)
            {
                Mean = first ? MeanBlock : TMath.Add(Mean, MeanBlock);
                Var = first ? VarBlock : TMath.Add(Var, VarBlock);
                MeanBlock = 0f;
                VarBlock = 0f;
            }
        }
    }

    /// <summary>y[r, j] = sum over slices s, in order, of accumulated[r, s N + j].</summary>
    public static void ShiftAdd<TMath>(Index1D index, ReadKernelArgs g, ArrayView<float> accumulated, ArrayView<float> output)
        where TMath : struct, IFusedMath
    {
        int r = index.X / g.N, j = index.X - (r * g.N);
        long row = (long)r * g.Width;
        float y = accumulated[row + j];
        for (int s = 1; s < g.Slices; s++)
        {
            y = TMath.Add(y, accumulated[row + (s * g.N) + j]);
        }

        output[index.X] = y;
    }

    /// <summary>
    /// Events of one (chunk of <see cref="ChunkRows"/> vectors, row tile, tile row i): the row's squared digits summed over the chunk's
    /// reads in CpuKernels' order (cycles, then vectors; float, exact for integer digits) and the reads that drive it.
    /// </summary>
    public static void RowEvents<TMath>(Index1D index, ReadKernelArgs g, ArrayView<float> inputs, ArrayView<float> squareSums, ArrayView<int> drivenCounts)
        where TMath : struct, IFusedMath
    {
        int i = index.X % g.ArrayRows, rest = index.X / g.ArrayRows, t = rest % g.Tiles, chunk = rest / g.Tiles;
        int k0 = t * g.ArrayRows, r0 = chunk * ChunkRows, r1 = r0 + ChunkRows < g.Rows ? r0 + ChunkRows : g.Rows;
        float sum = 0f;
        int count = 0;
        if (k0 + i < g.K)
        {
            bool analog = g.DigitMask == 0;
            for (int c = 0; c < g.Cycles; c++)
            {
                int shift = c * g.DacBits;
                for (int r = r0; r < r1; r++)
                {
                    float x = inputs[((long)r * g.K) + k0 + i];
                    float d = analog ? x : (float)((((int)x) >> shift) & g.DigitMask);
                    if (d != 0f)
                    {
                        count++;
                        sum = TMath.Add(sum, g.SquaresDiffer != 0 ? TMath.Multiply(d, d) : d);
                    }
                }
            }
        }

        squareSums[index.X] = sum;
        drivenCounts[index.X] = count;
    }

    /// <summary>Cell energy of one (chunk, row tile, column group): sum over the tile's rows of squared digits x row conductance, in double and row order, x the energy per unit.</summary>
    public static void ChunkEnergy<TMath>(Index1D index, ReadKernelArgs g, int groups, double energyPerUnit, ArrayView<float> squareSums, ArrayView<float> rowConductance, ArrayView<double> energy)
        where TMath : struct, IFusedMath
    {
        int group = index.X % groups, rest = index.X / groups, t = rest % g.Tiles;
        int k0 = t * g.ArrayRows, kt = g.K - k0 < g.ArrayRows ? g.K - k0 : g.ArrayRows;
        double e = 0;
        for (int i = 0; i < kt; i++)
        {
            e = TMath.AddDouble(e, TMath.MulDouble(squareSums[((long)rest * g.ArrayRows) + i], rowConductance[((long)(k0 + i) * groups) + group]));
        }

        energy[index.X] = TMath.MulDouble(e, energyPerUnit);
    }

    /// <summary>Input vectors per chunk of CpuKernels' read (its energy partial sums are per chunk).</summary>
    public const int ChunkRows = CpuKernels.ReadChunkRows;
}
