using IMCSim.Simulator.Primitives;
using IMCSim.Simulator.Technology;
using Xunit;

namespace IMCSim.Tests.Simulator.Primitives;

/// <summary>
/// Standard-cell area, transistor folding and drain capacitance against NeuroSim V1.4 formula.cpp (CalculateGateArea,
/// CalculateGateCapacitance, CalculateDrainCap) and constant.h (blob 9e6742c), worked by hand. 22 nm: F = 22 nm, cell height
/// 28 F = 616 nm, CPP = (1 + 2.8) F = 83.6 nm, source/drain region 2.8 F = 61.6 nm, P-N gap 3.5 F, edge margin
/// (1 + 1.6 / 2) x 2 F = 3.6 F; junction C_j = 1e-3 / (1 + 0.85 / 0.9)^0.5 = 7.1713717e-4 F/m^2, sidewall
/// 2.5e-10 / 1.9444444^0.33 = 2.0074165e-10 F/m, gate edge 0.5e-10 / 1.9444444^0.33 = 4.0148329e-11 F/m.
/// </summary>
public sealed class StandardCellTests
{
    private const double F22 = 22e-9;
    private const double Height22 = 28 * F22;
    private const double Cpp22 = 3.8 * F22;

    private static readonly TechnologyNode Lstp22 = TechnologyCatalog.Get(22);

    // Minimum inverter: NMOS 2F = 44 nm, PMOS 2F x 791.9 / 600.2 = 58.053316 nm.
    private static double MinN => 2 * F22;

    private static double MinP => 2 * F22 * 791.9 / 600.2;

    [Fact]
    public void InverterArea_SpotValue_22nmLstp()
    {
        // r = 58.053 / 102.053 = 0.5688528; P share 0.5688528 x (28 - 3.5 - 3.6) F = 261.6 nm >= 58 nm: no folding.
        // Width 2 CPP = 167.2 nm, height 616 nm, area 1.029952e-13 m^2 (0.103 um^2).
        var cell = StandardCellArea.Of(Lstp22, LogicGate.Inverter, MinN, MinP, Height22);
        Assert.Equal(167.2e-9, cell.WidthM, 1e-18);
        Assert.Equal(616e-9, cell.HeightM, 1e-18);
        Assert.Equal(1.029952e-13, cell.AreaM2, 1e-24);
    }

    [Fact]
    public void NandAndNorAreas_GrowWithInputs_AndExceedTheInverters()
    {
        // NAND2 unfolded: 2 x 2 CPP - 1 CPP shared = 3 CPP = 250.8 nm -> 1.544928e-13 m^2; NOR3: 3 x 2 - 2 = 4 CPP.
        var inv = StandardCellArea.Of(Lstp22, LogicGate.Inverter, MinN, MinP, Height22);
        var nand2 = StandardCellArea.Of(Lstp22, LogicGate.Nand(2), MinN, MinP, Height22);
        var nand3 = StandardCellArea.Of(Lstp22, LogicGate.Nand(3), MinN, MinP, Height22);
        var nor3 = StandardCellArea.Of(Lstp22, LogicGate.Nor(3), MinN, MinP, Height22);
        Assert.Equal(1.544928e-13, nand2.AreaM2, 1e-24);
        Assert.Equal(4 * Cpp22, nor3.WidthM, 1e-18);
        Assert.True(nand2.AreaM2 > inv.AreaM2);
        Assert.True(nand3.AreaM2 > nand2.AreaM2);
        foreach (int node in new[] { 130, 45, 14, 7, 2 })
        {
            var tech = TechnologyCatalog.Get(node);
            double h = CellLayout.For(tech).StandardHeightM;
            double w = 2 * tech.FeatureSizeM;
            Assert.True(
                StandardCellArea.Of(tech, LogicGate.Nand(2), w, w, h).AreaM2 > StandardCellArea.Of(tech, LogicGate.Inverter, w, w, h).AreaM2,
                $"{node} nm");
        }
    }

    [Fact]
    public void WideTransistor_FoldsIntoFingersOfTheLargestWidthThatFits()
    {
        // NMOS alone: room 28 F - 3.6 F = 24.4 F = 536.8 nm. 536.7 nm fits (1 finger, 2 CPP); 1 um folds into
        // ceil(1000 / 536.8) = 2 fingers of 536.8 nm, (2 + 1) CPP = 250.8 nm wide; 1.1 um -> 3 fingers, 4 CPP.
        var fits = TransistorFolding.Fold(Lstp22, 536.7e-9, 0, Height22);
        Assert.Equal(new FoldedTransistor(1, 536.7e-9, 0), fits.Nmos);
        Assert.False(fits.Pmos.IsPresent);
        var folded = TransistorFolding.Fold(Lstp22, 1e-6, 0, Height22).Nmos;
        Assert.Equal(2, folded.Fingers);
        Assert.Equal(536.8e-9, folded.FingerHeightM, 1e-18);
        Assert.Equal(2 * Cpp22, StandardCellArea.Of(Lstp22, LogicGate.Inverter, 536.7e-9, 0, Height22).WidthM, 1e-18);
        Assert.Equal(3 * Cpp22, StandardCellArea.Of(Lstp22, LogicGate.Inverter, 1e-6, 0, Height22).WidthM, 1e-18);
        Assert.Equal(4 * Cpp22, StandardCellArea.Of(Lstp22, LogicGate.Inverter, 1.1e-6, 0, Height22).WidthM, 1e-18);
        // A taller cell holds the same transistor unfolded: 50 F - 3.6 F = 1020.8 nm.
        Assert.Equal(1, TransistorFolding.Fold(Lstp22, 1e-6, 0, 50 * F22).Nmos.Fingers);
    }

    [Fact]
    public void FoldedNand_LosesDiffusionSharing()
    {
        // Both present, r = 0.5: each gets (28 - 7.1) F / 2 = 229.9 nm. 300 nm -> 2 fingers each: NAND2 = 2 x 3 CPP (no sharing).
        var nand = StandardCellArea.Of(Lstp22, LogicGate.Nand(2), 300e-9, 300e-9, Height22);
        Assert.Equal(6 * Cpp22, nand.WidthM, 1e-18);
        var unfolded = StandardCellArea.Of(Lstp22, LogicGate.Nand(2), 200e-9, 200e-9, Height22);
        Assert.Equal(3 * Cpp22, unfolded.WidthM, 1e-18);
    }

    [Fact]
    public void DrainCapacitance_SpotValues_22nmLstp_UnfoldedAndFolded()
    {
        // NMOS 400 nm, unfolded: drain 61.6 nm x 400 nm; sidewall 2 x 61.6 + 400 = 523.2 nm; gate edge 1 x 400 nm:
        // 2.464e-14 m^2 x 7.1713717e-4 + 5.232e-7 x 2.0074165e-10 + 4e-7 x 4.0148329e-11 = 1.3875762e-16 F.
        Assert.Equal(1.3875762059e-16, DrainCapacitance.TransistorF(Lstp22, MosType.Nmos, 400e-9, Height22), 1e-25);
        // NMOS 1 um: 2 fingers of 536.8 nm; ceil(3 / 2) = 2 drain regions = 123.2 nm; sidewall 2 x 123.2 + 536.8 x 2 (even
        // finger count) = 1320 nm; gate edge 2 x 536.8 nm: 6.613376e-14 x C_j + 1.32e-6 x C_sw + 1.0736e-6 x C_dc = 3.5550920e-16 F.
        // (NeuroSim's own code takes the PMOS's finger count for this sidewall, 1 edge: 2.4775108e-16 F; docs/COST.md.)
        Assert.Equal(3.5550919604e-16, DrainCapacitance.TransistorF(Lstp22, MosType.Nmos, 1e-6, Height22), 1e-25);
        // PMOS alone has the same geometry, so the same capacitance.
        Assert.Equal(
            DrainCapacitance.TransistorF(Lstp22, MosType.Nmos, 1e-6, Height22),
            DrainCapacitance.TransistorF(Lstp22, MosType.Pmos, 1e-6, Height22),
            1e-28);
        // Minimum inverter: both transistors' drains, 7.8554634e-17 F.
        Assert.Equal(7.855463369e-17, DrainCapacitance.GateOutputF(Lstp22, LogicGate.Inverter, MinN, MinP, Height22), 1e-26);
    }

    [Fact]
    public void DrainCapacitance_OfParallelDevices_GrowsWithInputs_AndSharesDrainsWhenUnfolded()
    {
        // NOR: parallel NMOS share drains (floor((n + 1) / 2) regions), series PMOS give one output drain of n regions.
        double nor2 = DrainCapacitance.GateOutputF(Lstp22, LogicGate.Nor(2), MinN, MinP, Height22);
        double nor3 = DrainCapacitance.GateOutputF(Lstp22, LogicGate.Nor(3), MinN, MinP, Height22);
        double inv = DrainCapacitance.GateOutputF(Lstp22, LogicGate.Inverter, MinN, MinP, Height22);
        Assert.True(nor2 > inv && nor3 > nor2);
        // NAND2 vs NOR2 with equal widths: mirror images (the NMOS/PMOS roles swap), so equal output capacitance.
        Assert.Equal(
            DrainCapacitance.GateOutputF(Lstp22, LogicGate.Nand(2), 100e-9, 100e-9, Height22),
            DrainCapacitance.GateOutputF(Lstp22, LogicGate.Nor(2), 100e-9, 100e-9, Height22),
            1e-30);
    }

    [Fact]
    public void FinFet14nm_AreaAndDrainCapacitance_SpotValues()
    {
        var t14 = TechnologyCatalog.Get(14);
        const double F = 14e-9;
        double h = CellLayout.For(t14).StandardHeightM;
        // Cell height 28 F x (34 / 28) x (41.142 / 34) = 41.142 F = 575.988 nm; 1 fin each (pnSizeRatio 1), r = 0.5 of 2 x 4 fins:
        // no folding, width 2 x CPP_14nm = 2 x 5.571 F = 155.988 nm; area 8.9847216e-14 m^2.
        var inv = StandardCellArea.Of(t14, LogicGate.Inverter, 2 * F, 2 * F, h);
        Assert.Equal(575.988e-9, inv.HeightM, 1e-18);
        Assert.Equal(155.988e-9, inv.WidthM, 1e-18);
        Assert.Equal(8.9847216144e-14, inv.AreaM2, 1e-24);
        // Drain below 22 nm: bottom junction only, C_j(14 nm) 0.0120 F/m^2 x (5.571 - 1.857) F x 1 fin x 8 nm = 4.991616e-18 F.
        Assert.Equal(4.991616e-18, DrainCapacitance.TransistorF(t14, MosType.Nmos, 2 * F, h), 1e-27);
    }

    [Fact]
    public void FinFet_FoldsByWholeFins_OverTheSharedFinBudget()
    {
        var t14 = TechnologyCatalog.Get(14);
        const double TwoF = 28e-9;
        double h = CellLayout.For(t14).StandardHeightM;
        double cpp = 5.571 * 14e-9;
        // NMOS alone gets all 2 x max_fin_num = 8 fins: 8 fins unfolded, 9 fins -> 2 fingers of 8.
        Assert.Equal(new FoldedTransistor(1, 8 * 8e-9, 8), TransistorFolding.Fold(t14, 8 * TwoF, 0, h).Nmos);
        Assert.Equal(new FoldedTransistor(2, 8 * 8e-9, 8), TransistorFolding.Fold(t14, 8.5 * TwoF, 0, h).Nmos);
        // Both types, 5 fins each: 4 + 4 of the budget; ceil(5 / 4) = 2 fingers each -> 3 CPP (NeuroSim's integer division
        // would keep 1 finger, 2 CPP; docs/COST.md).
        var both = TransistorFolding.Fold(t14, 5 * TwoF, 5 * TwoF, h);
        Assert.Equal(2, both.Nmos.Fingers);
        Assert.Equal(2, both.Pmos.Fingers);
        Assert.Equal(3 * cpp, StandardCellArea.Of(t14, LogicGate.Inverter, 5 * TwoF, 5 * TwoF, h).WidthM, 1e-18);
        // Unequal: 1 N fin, 3 P fins, r = 0.75 > 0.5: N share int(8 x 0.25) = 2, P share 6.
        var skew = TransistorFolding.Fold(t14, TwoF, 3 * TwoF, h);
        Assert.Equal((1, 1), (skew.Nmos.FinsPerFinger, skew.Nmos.Fingers));
        Assert.Equal((3, 1), (skew.Pmos.FinsPerFinger, skew.Pmos.Fingers));
        // A special (non-standard) height: 40 F x 41.142 / 28 -> floor((822.84 - 135.94 - 143.99 + 48) / 2 / 56) = 5 fins per type;
        // NMOS alone gets 2 x 5: 20 fins -> 2 fingers of 10.
        var tall = TransistorFolding.Fold(t14, 20 * TwoF, 0, 40 * 14e-9);
        Assert.Equal((10, 2), (tall.Nmos.FinsPerFinger, tall.Nmos.Fingers));
    }

    [Fact]
    public void Gaa_FoldsOneFingerPerStack()
    {
        var t2 = TechnologyCatalog.Get(2);
        double h = CellLayout.For(t2).StandardHeightM;
        const double TwoF = 4e-9;
        // Both types: 1 stack per finger (max_fin_per_GAA); 3 stacks -> 3 fingers; width (3 + 1) x CPP_2nm = 4 x 22.5 x 2 nm.
        var both = TransistorFolding.Fold(t2, 3 * TwoF, TwoF, h);
        Assert.Equal(3, both.Nmos.Fingers);
        Assert.Equal(1, both.Pmos.Fingers);
        Assert.Equal(4 * 45e-9, StandardCellArea.Of(t2, LogicGate.Inverter, 3 * TwoF, TwoF, h).WidthM, 1e-18);
        // NMOS alone: 2 stacks per finger; 3 stacks -> 2 fingers.
        Assert.Equal(2, TransistorFolding.Fold(t2, 3 * TwoF, 0, h).Nmos.Fingers);
        // Drain: C_j(2 nm) 0.0091 x (22.5 - 7) x 2 nm x 15 nm sheet = 4.2315e-18 F.
        Assert.Equal(4.2315e-18, DrainCapacitance.TransistorF(t2, MosType.Nmos, TwoF, h), 1e-27);
    }

    [Fact]
    public void BadInput_IsAnArgumentExceptionNamingTheArgument()
    {
        TransistorPrimitivesTests.AssertNames("cellHeightM", () => StandardCellArea.Of(Lstp22, LogicGate.Inverter, MinN, MinP, 0));
        TransistorPrimitivesTests.AssertNames("cellHeightM", () => StandardCellArea.Of(Lstp22, LogicGate.Inverter, MinN, MinP, double.NaN));
        // Taller than zero but no room for diffusion: 7 F < 3.5 F + 3.6 F.
        TransistorPrimitivesTests.AssertNames("cellHeightM", () => StandardCellArea.Of(Lstp22, LogicGate.Inverter, MinN, MinP, 7 * F22));
        TransistorPrimitivesTests.AssertNames("nmosWidthM", () => StandardCellArea.Of(Lstp22, LogicGate.Nand(2), -MinN, MinP, Height22));
        TransistorPrimitivesTests.AssertNames("pmosWidthM", () => DrainCapacitance.GateOutputF(Lstp22, LogicGate.Nor(2), MinN, double.NaN, Height22));
        TransistorPrimitivesTests.AssertNames("widthM", () => DrainCapacitance.TransistorF(Lstp22, MosType.Nmos, -1e-9, Height22));
        // 5 nm: a non-standard height whose fin formula leaves no fin.
        var t5 = TechnologyCatalog.Get(5);
        TransistorPrimitivesTests.AssertNames("cellHeightM", () => StandardCellArea.Of(t5, LogicGate.Inverter, 10e-9, 10e-9, 29 * 5e-9));
    }
}
