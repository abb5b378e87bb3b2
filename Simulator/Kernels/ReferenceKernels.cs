using IMCSim.Simulator.Crossbar;
using IMCSim.Simulator.Random;

namespace IMCSim.Simulator.Kernels;

/// <summary>Plain scalar kernels with double accumulation: slow, obviously correct, the oracle for the fast ones.</summary>
public sealed class ReferenceKernels : IComputeKernels
{
    public string Name => "reference";

    public void Gemm(in GemmArgs args, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        args.Validate(a.Length, b.Length, c.Length);
        for (int i = 0; i < args.M; i++)
        {
            for (int j = 0; j < args.N; j++)
            {
                double sum = args.Accumulate ? c[(i * args.Ldc) + j] : 0.0;
                for (int k = 0; k < args.K; k++)
                {
                    float av = args.TransposeA ? a[(k * args.Lda) + i] : a[(i * args.Lda) + k];
                    float bv = args.TransposeB ? b[(j * args.Ldb) + k] : b[(k * args.Ldb) + j];
                    sum += (double)av * bv;
                }

                c[(i * args.Ldc) + j] = (float)sum;
            }
        }
    }

    public void Conv2d(in Conv2dArgs args, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        args.Validate(input.Length, weights.Length, bias.Length, output.Length);
        int cg = args.ChannelsPerGroup, mg = args.OutputsPerGroup;
        for (int n = 0; n < args.N; n++)
        {
            for (int m = 0; m < args.M; m++)
            {
                int c0 = m / mg * cg;
                for (int oy = 0; oy < args.OH; oy++)
                {
                    for (int ox = 0; ox < args.OW; ox++)
                    {
                        double sum = bias.IsEmpty ? 0.0 : bias[m];
                        for (int c = 0; c < cg; c++)
                        {
                            for (int ki = 0; ki < args.KH; ki++)
                            {
                                int iy = (oy * args.StrideH) - args.PadTop + (ki * args.DilationH);
                                for (int kj = 0; kj < args.KW; kj++)
                                {
                                    int ix = (ox * args.StrideW) - args.PadLeft + (kj * args.DilationW);
                                    if (iy >= 0 && iy < args.H && ix >= 0 && ix < args.W)
                                    {
                                        float xv = input[(((((n * args.C) + c0 + c) * args.H) + iy) * args.W) + ix];
                                        float wv = weights[(((((m * cg) + c) * args.KH) + ki) * args.KW) + kj];
                                        sum += (double)xv * wv;
                                    }
                                }
                            }
                        }

                        output[(((((n * args.M) + m) * args.OH) + oy) * args.OW) + ox] = (float)sum;
                    }
                }
            }
        }
    }

    /// <summary>The crossbar read as plain loops over (vector, tile, cycle, column): column sums in double, the shift-and-add as one float FMA per read in (tile, cycle) order, then slices added in order: the oracle for the fast kernels.</summary>
    public void CrossbarRead(
        in CrossbarReadArgs args,
        ReadOnlySpan<float> inputs,
        ReadOnlySpan<float> conductance,
        ReadOnlySpan<float> variance,
        ReadOnlySpan<float> rowConductanceUs,
        ReadOnlySpan<float> columnWeights,
        Span<float> output,
        Span<double> cellEnergyFj,
        Span<long> drivenRows,
        Span<long> histogram,
        Span<float> maxCurrent)
    {
        args.Validate(inputs.Length, conductance.Length, variance.Length, rowConductanceUs.Length, columnWeights.Length, output.Length, cellEnergyFj.Length, drivenRows.Length, histogram.Length);
        CrossbarReadArgs a = args;
        bool read = a.Mode == CrossbarReadMode.Read, noisy = read && !variance.IsEmpty, quantise = read && a.QuantiseAdc == 1;
        var rng = new CounterRng(a.NoiseKey);
        int groups = a.ColumnGroups;
        var digits = new float[a.ArrayRows];
        var acc = new float[a.Width];
        for (int p = 0; p < a.Rows; p++)
        {
            Array.Clear(acc);
            for (int t = 0; t < a.Tiles; t++)
            {
                int k0 = t * a.ArrayRows, kt = Math.Min(a.ArrayRows, a.K - k0);
                for (int c = 0; c < a.Cycles; c++)
                {
                    for (int i = 0; i < kt; i++)
                    {
                        float x = inputs[(p * a.K) + k0 + i];
                        digits[i] = a.Analog == 1 ? x : ((int)x >> (c * a.DacBits)) & a.DigitMask;
                        drivenRows[t] += digits[i] != 0 ? 1 : 0;
                        for (int g = 0; read && g < groups && !rowConductanceUs.IsEmpty; g++)
                        {
                            cellEnergyFj[(t * groups) + g] += (double)digits[i] * digits[i] * rowConductanceUs[((k0 + i) * groups) + g] * a.EnergyFjPerUsDigitSquared;
                        }
                    }

                    ulong readIndex = a.ReadIndex(p, t, c);
                    for (int col = 0; col < a.Slices * a.N; col++)
                    {
                        double mean = 0, var = 0;
                        for (int i = 0; i < kt; i++)
                        {
                            mean += (double)digits[i] * conductance[((k0 + i) * a.Width) + col];
                            if (noisy)
                            {
                                var += (double)digits[i] * digits[i] * variance[((k0 + i) * a.Width) + col];
                            }
                        }

                        float current = (float)mean;
                        if (noisy && var > 0)
                        {
                            current = MathF.FusedMultiplyAdd(MathF.Sqrt((float)var), rng.NormalSingle((readIndex * (ulong)a.Width) + (ulong)col), current);
                        }

                        if (!read && !histogram.IsEmpty)
                        {
                            histogram[CurrentHistogram.Bin(current)]++;
                            maxCurrent[0] = Math.Max(maxCurrent[0], Math.Abs(current));
                        }

                        float code = quantise ? Math.Clamp(MathF.Round(current * a.InverseLsb), a.CodeMin, a.CodeMax) : current;
                        acc[col] = MathF.FusedMultiplyAdd(code, columnWeights[(((t * a.Cycles) + c) * a.Width) + col], acc[col]);
                    }
                }
            }

            // Shift-and-add across slices in slice order.
            for (int j = 0; j < a.N; j++)
            {
                float y = acc[j];
                for (int s = 1; s < a.Slices; s++)
                {
                    y += acc[(s * a.N) + j];
                }

                output[(p * a.N) + j] = y;
            }
        }
    }
}
