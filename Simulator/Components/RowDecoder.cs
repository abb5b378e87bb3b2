using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Components;

/// <summary>
/// The word-line decoder of a crossbar with its output drivers, after DNN+NeuroSim V1.4 RowDecoder.cpp (neurosim/DNN_NeuroSim_V1.4
/// @9e6742c, Inference_pytorch/NeuroSIM/RowDecoder.cpp; the serial, not the "parallel", variant). Formula family: 2-bit predecoding,
/// gate-count area, switched capacitance of the one selected path, Horowitz delay along INV -> NAND2 -> NOR -> driver.
/// For R rows it decodes N = ceil(log2 R) address bits (at least 1): N address inverters, 4 floor(N / 2) NAND2 predecoders,
/// and, when N &gt; 2, 2^N NORs of ceil(N / 2) inputs. The inverter, NAND2 (NMOS 4F) and NOR (PMOS ceil(N / 2) x 2F x P/N) start
/// from minimum size and are enlarged to fill a standard cell (formula.cpp EnlargeSize); the output driver is not enlarged, it is
/// NMOS 4F x s, PMOS 4F x s x P/N with the sizing factor s (Param.cpp sizingfactor_WLdecoder, or sizingfactor_MUX for a mux
/// decoder). A regular decoder ends in two driver inverters per output; a mux decoder (<see cref="Mux"/>) in a NAND2 enable, then two
/// driver inverters (one NMOS-gate, one PMOS-gate line).
/// <list type="bullet">
/// <item>Area (CalculateArea, REGULAR_ROW without a height to fit): height max(2^N h_NOR, 4 floor(N/2) h_NAND, N h_INV); width
/// w_INV + w_NAND + w_NOR + (mux: w_NAND) + 2 w_drv + M3 pitch x F x m, m = 4 floor(N/2) + 2 (N mod 2) metal tracks when N &gt; 2.
/// The N h_INV term is IMCSim's: NeuroSim's height is zero for a 2-row decoder.</item>
/// <item>Energy of one decode (CalculatePower, all address bits rising): V_dd^2 [2 floor(N/2)(C_in,INV + 2 C_in,NAND) + (N mod 2)
/// (C_in,INV + 2^N C_in,NOR / 2) + floor(N/2)(C_out,NAND + 2^N C_in,NOR / 4) + C_out,NOR + C_in,next] plus, regular,
/// 2 (C_in,drv + C_out,drv), or, mux, (C_out,NAND + C_in,drv) + (C_out,drv + C_in,drv) + C_out,drv; C_in,next is C_in,INV (regular)
/// or C_in,NAND (mux). The load (the word line) is not charged here; NeuroSim charges it with the array.</item>
/// <item>Latency (CalculateLatency, step input): Horowitz stages (<see cref="Horowitz"/>): INV R_n (C_out,INV + 2 C_in,NAND);
/// NAND 2 R_n (C_out,NAND + 2^N C_in,NOR / 4); NOR 2 R_p (C_out,NOR + C_in,next); then, regular, R_n,drv (C_out,drv + C_in,drv)
/// and R_p,drv (C_out,drv + C_L) + R_L (C_L + C_L / n) / 2 for a line of resistance R_L and n cells; mux, NAND R_n
/// (C_out,NAND + C_in,INV), R_p,drv (C_out,drv + C_in,drv + C_L,n), R_n,drv (C_out,drv + C_L,p). A stage whose gate is absent
/// (N &lt;= 2) is skipped, and the stage before it drives the load.</item>
/// <item>Leakage (CalculatePower): V_dd (N I_INV + 4 floor(N/2) I_NAND + 2^N I_NOR + 2^N x 2 I_drv), or, mux, 2^N (I_NAND +
/// 2 I_INV) in place of the drivers (NeuroSim takes the minimum inverter's leakage there) (<see cref="Leakage"/>).</item>
/// </list>
/// NeuroSim multiplies the read energy by its control activity epsilon (0.05) only when its "validated" switch is on; not applied.
/// </summary>
public static class RowDecoder
{
    /// <summary>Address bits decoded for <paramref name="rows"/> rows, ceil(log2 R), at least 1.</summary>
    public static int AddressBits(int rows)
    {
        AccumulationArguments.Positive(rows);
        int n = 0;
        while ((1L << n) < rows)
        {
            n++;
        }

        return Math.Max(1, n);
    }

    /// <summary>Layout area of a decoder for <paramref name="rows"/> rows with drivers of sizing <paramref name="driverSizing"/>, m^2.</summary>
    public static double AreaM2(TechnologyNode tech, int rows, double driverSizing) => AreaM2(tech, rows, driverSizing, mux: false);

    /// <summary>Dynamic energy of one decode, J (the driven line's own charge excluded).</summary>
    public static double EnergyPerDecodeJ(TechnologyNode tech, int rows, double driverSizing) => EnergyPerDecodeJ(tech, rows, driverSizing, mux: false);

    /// <summary>
    /// Time from a step on the address to the selected line driving <paramref name="loadF"/> (F) through a line of
    /// <paramref name="lineOhm"/> (ohm) shared by <paramref name="cellsOnLine"/> cells, s.
    /// </summary>
    public static double LatencyS(TechnologyNode tech, int rows, double driverSizing, double loadF, double lineOhm = 0, int cellsOnLine = 1)
    {
        AccumulationArguments.NonNegative(lineOhm);
        AccumulationArguments.Positive(cellsOnLine);
        return Latency(tech, rows, driverSizing, false, loadF, 0, lineOhm, cellsOnLine);
    }

    /// <summary>Leakage power of the decoder, W.</summary>
    public static double LeakageW(TechnologyNode tech, int rows, double driverSizing) => LeakageW(tech, rows, driverSizing, mux: false);

    /// <summary>All four costs of a word-line decoder for <paramref name="rows"/> rows driving <paramref name="loadF"/>.</summary>
    public static DigitalCost Cost(TechnologyNode tech, int rows, double driverSizing, double loadF) =>
        new(AreaM2(tech, rows, driverSizing), EnergyPerDecodeJ(tech, rows, driverSizing), LatencyS(tech, rows, driverSizing, loadF), LeakageW(tech, rows, driverSizing));

    internal static double AreaM2(TechnologyNode tech, int rows, double driverSizing, bool mux)
    {
        var g = Gates.Of(tech, rows, driverSizing);
        double height = Math.Max(Math.Max(g.Nor.H * g.NorCount, g.Nand.H * g.NandCount), g.Inv.H * g.N);
        double metal = g.N > 2 ? g.NandCount + (2 * (g.N % 2)) : 0;
        double width = g.Inv.W + g.Nand.W + (g.NorCount > 0 ? g.Nor.W : 0) + (mux ? g.Nand.W : 0) + (2 * g.Driver.W)
            + (Metal3PitchF(tech) * tech.FeatureSizeM * metal);
        return height * width;
    }

    internal static double EnergyPerDecodeJ(TechnologyNode tech, int rows, double driverSizing, bool mux)
    {
        var g = Gates.Of(tech, rows, driverSizing);
        int pairs = g.N / 2;
        double norIn = g.NorCount > 0 ? g.Nor.In : 0, norOut = g.NorCount > 0 ? g.Nor.Out : 0, nandIn = g.NandCount > 0 ? g.Nand.In : 0;
        double c = (2.0 * pairs * (g.Inv.In + (2 * nandIn))) + ((g.N % 2) * (g.Inv.In + (g.NorCount * norIn / 2)));
        c += g.NandCount / 4.0 * (g.Nand.Out + (g.NorCount * norIn / 4));
        c += norOut + (mux ? g.Nand.In : g.Inv.In);
        c += mux ? g.Nand.Out + (2 * g.Driver.In) + (2 * g.Driver.Out) : 2 * (g.Driver.In + g.Driver.Out);
        double vdd = tech.SupplyVoltageV.Value;
        return vdd * vdd * c;
    }

    internal static double Latency(TechnologyNode tech, int rows, double driverSizing, bool mux, double loadF, double loadPmosF, double lineOhm, int cellsOnLine)
    {
        AccumulationArguments.NonNegative(loadF);
        AccumulationArguments.NonNegative(loadPmosF);
        var g = Gates.Of(tech, rows, driverSizing);
        double ramp = double.PositiveInfinity;
        double Stage(double tau)
        {
            var d = Horowitz.Delay(tau, ramp);
            ramp = d.OutputRampRatePerS;
            return d.DelayS;
        }

        double rn(Gate x) => OnResistance.Ohm(tech, MosType.Nmos, x.Wn);
        double rp(Gate x) => OnResistance.Ohm(tech, MosType.Pmos, x.Wp);
        double t = Stage(rn(g.Inv) * (g.Inv.Out + (g.NandCount > 0 ? 2 * g.Nand.In : loadF)));
        if (g.NandCount > 0)
        {
            t += Stage(2 * rn(g.Nand) * (g.Nand.Out + (g.NorCount > 0 ? g.NorCount * g.Nor.In / 4 : loadF)));
        }

        if (g.NorCount > 0)
        {
            t += Stage(2 * rp(g.Nor) * (g.Nor.Out + (mux ? g.Nand.In : g.Inv.In)));
        }

        if (mux)
        {
            t += Stage(rn(g.Nand) * (g.Nand.Out + g.Inv.In));
            t += Stage(rp(g.Driver) * (g.Driver.Out + g.Driver.In + loadF));
            t += Stage(rn(g.Driver) * (g.Driver.Out + loadPmosF));
        }
        else
        {
            t += Stage(rn(g.Driver) * (g.Driver.Out + g.Driver.In));
            t += Stage((rp(g.Driver) * (g.Driver.Out + loadF)) + (lineOhm * (loadF + (loadF / cellsOnLine)) / 2));
        }

        return t;
    }

    internal static double LeakageW(TechnologyNode tech, int rows, double driverSizing, bool mux)
    {
        var g = Gates.Of(tech, rows, driverSizing);
        double w = (g.N * Leakage.GatePowerW(tech, LogicGate.Inverter, g.Inv.Wn, g.Inv.Wp))
            + (g.NandCount * Leakage.GatePowerW(tech, LogicGate.Nand(2), g.Nand.Wn, g.Nand.Wp));
        if (g.NorCount > 0)
        {
            w += g.NorCount * Leakage.GatePowerW(tech, LogicGate.Nor(g.NorInputs), g.Nor.Wn, g.Nor.Wp);
        }

        w += mux
            ? g.NorCount * (Leakage.GatePowerW(tech, LogicGate.Nand(2), g.Nand.Wn, g.Nand.Wp) + (2 * Leakage.GatePowerW(tech, LogicGate.Inverter, g.Inv.Wn, g.Inv.Wp)))
            : g.NorCount * 2 * Leakage.GatePowerW(tech, LogicGate.Inverter, g.Driver.Wn, g.Driver.Wp);
        return w;
    }

    private static double Metal3PitchF(TechnologyNode tech) =>
        LayoutRules.AdvancedNodes.Contains(tech.NodeNm) ? LayoutRules.ForAdvancedNode(tech.NodeNm).Metal3PitchF.Value : LayoutRules.Metal3PitchF.Value;

    private readonly record struct Gate(double Wn, double Wp, double W, double H, double In, double Out)
    {
        public static Gate Of(TechnologyNode tech, LogicGate kind, double wn, double wp, bool enlarge)
        {
            double h = CellLayout.For(tech).StandardHeightM;
            if (enlarge)
            {
                // The enlarged widths fill the cell exactly; a rounding error of one ulp must not fold them into two fingers.
                (wn, wp) = EnlargedWidths.Of(tech, wn, wp, h);
                (wn, wp) = (wn * (1 - 1e-12), wp * (1 - 1e-12));
            }

            var box = StandardCellArea.Of(tech, kind, wn, wp, h);
            return new(wn, wp, box.WidthM, box.HeightM, GateCapacitance.GateInputF(tech, wn, wp), DrainCapacitance.GateOutputF(tech, kind, wn, wp, box.HeightM));
        }
    }

    private readonly record struct Gates(int N, int NandCount, int NorCount, int NorInputs, Gate Inv, Gate Nand, Gate Nor, Gate Driver)
    {
        public static Gates Of(TechnologyNode tech, int rows, double driverSizing)
        {
            ArgumentNullException.ThrowIfNull(tech);
            AccumulationArguments.Positive(driverSizing);
            int n = AddressBits(rows);
            double min = LayoutRules.MinimumNmosWidthF.Value * tech.FeatureSizeM, pn = tech.PmosToNmosWidthRatio.Value;
            int norInputs = Math.Max(2, (n + 1) / 2);
            var inv = Gate.Of(tech, LogicGate.Inverter, min, pn * min, true);
            var nand = Gate.Of(tech, LogicGate.Nand(2), 2 * min, pn * min, true);
            var nor = Gate.Of(tech, LogicGate.Nor(norInputs), min, norInputs * pn * min, true);
            var driver = Gate.Of(tech, LogicGate.Inverter, 2 * min * driverSizing, 2 * pn * min * driverSizing, false);
            return new(n, 4 * (n / 2), n > 2 ? 1 << n : 0, norInputs, inv, nand, nor, driver);
        }
    }
}
