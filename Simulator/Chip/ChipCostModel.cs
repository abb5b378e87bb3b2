using IMCSim.Simulator.Common;
using IMCSim.Simulator.Components;
using IMCSim.Simulator.Technology;

namespace IMCSim.Simulator.Chip;

/// <summary>
/// The circuit-level cost model: builds the chip for <paramref name="layers"/> (<see cref="ChipFloorplan"/>, one
/// <see cref="SubArrayDesign"/> per cell, one <see cref="TileDesign"/> per mapping kind and cell, the chip's global buffer,
/// interconnect, accumulation and activation units) and charges every component per image from the layers' events: input
/// vectors x input cycles x sign phases reads, rows driven, conversions of every used column, adds, bits through each buffer and
/// wire. Latency per layer in clock cycles, after NeuroSim's synchronous accounting (docs/COST.md): array reads divided by the
/// layer's replication, then tile and chip buffers, H-tree and bus transfers. Leakage of all hardware over the latency per image.
/// Sources: DNN+NeuroSim V1.4 (neurosim/DNN_NeuroSim_V1.4 @0e3bff1) SubArray.cpp, ProcessingUnit.cpp, Tile.cpp, Chip.cpp, main.cpp.
/// </summary>
public static class ChipCostModel
{
    /// <summary>NeuroSim Param.cpp globalBufferCoreSizeRow x Col = 128 x 128, and maxGlobalBusWidth.</summary>
    public const int GlobalBufferCoreBits = 128 * 128;
    public const int GlobalBufferPort = 128;
    public const int MaxGlobalBusWidth = 2048;

    /// <param name="exit">A spiking network's dynamic-timestep exit unit; null for none.</param>
    public static ChipCostReport Evaluate(ChipSpec spec, IReadOnlyList<LayerWorkload> layers, ExitWorkload? exit = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (layers.Count == 0)
        {
            throw new ArgumentException("no crossbar layers to cost", nameof(layers));
        }

        TechnologyNode tech = spec.Technology;
        PostLayoutFactors k = PostLayoutFactors.For(spec.PostLayoutCalibration);
        ChipFloorplan plan = ChipFloorplan.Create(spec, layers);
        var subArrays = new Dictionary<(ArrayCell, int, int), SubArrayDesign>();
        SubArrayDesign SubArrayFor(LayerWorkload l)
        {
            var key = (l.Cell, l.ColumnsPerOutput, l.WeightBits);
            if (!subArrays.TryGetValue(key, out var d))
            {
                d = new SubArrayDesign(spec, l.Cell, l.ColumnsPerOutput, l.WeightBits);
                subArrays[key] = d;
            }

            return d;
        }

        foreach (LayerWorkload l in layers)
        {
            SubArrayFor(l);
        }

        // Clock: synchronous = the slowest sensing path (x beta); a given clock takes as many cycles per sensing as the path needs.
        double criticalS = subArrays.Values.Max(d => d.SensingPathS) * k.Clock;
        double periodS = spec.ClockHz > 0 ? 1 / spec.ClockHz : criticalS;
        double clockHz = 1 / periodS;
        int senseCycles = Math.Max(1, (int)Math.Ceiling((criticalS / periodS) - 1e-9));
        int CyclesOf(double seconds) => Math.Max(1, (int)Math.Ceiling((seconds / periodS) - 1e-9));

        var tiles = new Dictionary<(bool, SubArrayDesign), TileDesign>();
        TileDesign TileFor(LayerFloorplan f, SubArrayDesign s)
        {
            if (!tiles.TryGetValue((f.Novel, s), out var t))
            {
                t = new TileDesign(spec, s, f.Novel, f.Novel ? plan.NovelPeSize : plan.ConventionalPeSize, plan.NovelKernelArea, clockHz);
                tiles[(f.Novel, s)] = t;
            }

            return t;
        }

        // Chip-level units: global bus width (NeuroSim: every tile's columns plus an eighth, halved to fit), global buffer for the
        // inputs of all layers at once (pipelined) or the largest, activation and accumulation one tile's outputs wide.
        long busDemand = 0, bufferDemand = 0, largestInput = 0;
        int tileOutputs = 1;
        for (int i = 0; i < layers.Count; i++)
        {
            LayerFloorplan f = plan.Layers[i];
            int width = f.Novel ? plan.NovelPeSize * (int)Math.Ceiling(Math.Sqrt(plan.NovelKernelArea)) : plan.ConventionalTileSize;
            busDemand += (width + (width / 8)) * (long)f.Tiles;
            long input = (long)layers[i].InputHeight * layers[i].InputHeight * layers[i].InputChannels * layers[i].InputBitsOn(spec);
            bufferDemand += input / 2;
            largestInput = Math.Max(largestInput, input);
            tileOutputs = Math.Max(tileOutputs, (f.Novel ? plan.NovelPeSize * plan.NovelKernelArea : plan.ConventionalTileSize) / layers[i].ColumnsPerOutput);
        }

        int busWidth = (int)Math.Max(1, busDemand);
        while (busWidth > MaxGlobalBusWidth)
        {
            busWidth = (busWidth + 1) / 2;
        }

        var globalBuffer = new BufferDesign(tech, Math.Max(GlobalBufferCoreBits, spec.Pipeline ? bufferDemand : largestInput), GlobalBufferPort, GlobalBufferCoreBits, GlobalBufferPort, clockHz);
        int globalBufferParallel = Math.Max(1, Math.Min(globalBuffer.Cores, (busWidth + GlobalBufferPort - 1) / GlobalBufferPort));
        int activationUnits = tileOutputs;
        int poolWindow = layers.Max(l => l.PoolWindow);
        DigitalCost pooling = poolWindow > 1 ? MaxPooling.Cost(tech, activationUnits, spec.InputBits, poolWindow, 0) : default;
        double activationAreaM2 = Dff.AreaM2(tech, activationUnits * spec.InputBits);
        double activationLeakW = Dff.LeakageW(tech, activationUnits * spec.InputBits);
        double activationJPerOutput = Dff.EnergyPerClockJ(tech, spec.InputBits) * k.FlipFlopEnergy;
        // Spiking networks: one neuron unit per activation unit (the widest membranes, leaky if any layer is) and a membrane memory
        // holding every layer's membranes (they persist over an image's timesteps), read and written once per neuron update.
        var neuronLayers = layers.Where(l => l.Neurons is not null).Select(l => l.Neurons!).ToList();
        int membraneBits = neuronLayers.Count > 0 ? neuronLayers.Max(n => n.MembraneBits) : 0;
        bool leaky = neuronLayers.Any(n => n.Leaky);
        DigitalCost neuronUnits = neuronLayers.Count > 0 ? NeuronUnit.Cost(tech, activationUnits, membraneBits, leaky, clockHz) : default;
        BufferDesign? membranes = neuronLayers.Count > 0 ? new BufferDesign(tech, Math.Max(1, neuronLayers.Sum(n => n.MembraneMemoryBits)), GlobalBufferPort, GlobalBufferCoreBits, GlobalBufferPort, clockHz) : null;
        int neuronCycles = neuronLayers.Count > 0 ? CyclesOf(neuronUnits.LatencyS) : 0;
        int maxTileRows = plan.Layers.Max(f => f.MatrixTileRows);
        int tilesSoFar = 0;
        foreach (var (f, l) in plan.Layers.Zip(layers))
        {
            TileDesign t = TileFor(f, SubArrayFor(l));
            if (spec.TileBufferBits > 0 && spec.TileBufferBits < t.PartialSumBitsPerRead)
            {
                throw new SettingException("tile-buffer-bits", $"layer {l.Name}: one read of a tile's PEs makes {t.PartialSumBitsPerRead} bits of partial sums, more than the tile buffer's {spec.TileBufferBits} bits");
            }

            tilesSoFar += f.Tiles;
            if (spec.ChipTiles > 0 && (long)f.MatrixTileRows * f.MatrixTileColumns > spec.ChipTiles)
            {
                throw new SettingException("chip-tiles", $"layer {l.Name} needs {f.MatrixTileRows * f.MatrixTileColumns} tiles, more than the chip's {spec.ChipTiles}");
            }

            if (spec.ChipTiles > 0 && tilesSoFar > spec.ChipTiles)
            {
                throw new SettingException("chip-tiles", $"layer {l.Name} does not fit: the layers up to it need {tilesSoFar} tiles with their pipeline copies, more than the chip's {spec.ChipTiles} (lower speedup-degree or raise chip-tiles)");
            }
        }

        int tileOutputBits = tiles.Values.Max(t => t.OutputBits);
        DigitalCost chipAccumulation = AdderTree.Cost(tech, Math.Max(2, maxTileRows), tileOutputBits, activationUnits, 0);
        int chipAccumulationCycles = CyclesOf(chipAccumulation.LatencyS);
        double maxTileHeight = tiles.Values.Max(t => t.SideM);
        DigitalCost busX = spec.Interconnect.Cost(tech, plan, maxTileHeight, busWidth);

        var rows = new List<ComponentCost>();
        var layerCosts = new List<LayerChipCost>();
        double opsTotal = 0, programJ = 0, programS = 0;
        double[] latencyCycles = new double[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            LayerWorkload l = layers[i];
            LayerFloorplan f = plan.Layers[i];
            SubArrayDesign s = SubArrayFor(l);
            TileDesign t = TileFor(f, s);
            var ledger = new Ledger(l.Name, rows, periodS);
            int a = spec.ArrayRows, groups = spec.RowGroups;
            int kernelArea = f.Novel ? l.KernelHeight * l.KernelWidth : 1;
            int rowsPerPe = f.Novel ? l.InputChannels : l.Rows;
            long arrayRowTiles = f.Novel ? kernelArea * ChipMath.CeilDiv(l.InputChannels, a) : ChipMath.CeilDiv(l.Rows, a);
            long arrayColTiles = ChipMath.CeilDiv(l.WeightColumns, spec.ArrayCols);
            long arrays = arrayRowTiles * arrayColTiles;
            long matrixTiles = (long)f.MatrixTileRows * f.MatrixTileColumns;
            long physicalTiles = f.Tiles;
            long physicalArrays = physicalTiles * t.Pes * t.ArraysPerPe;
            double nv = l.ReadVectorsPerImage;
            int inputBits = l.InputBitsOn(spec);
            double reads = nv * l.InputCyclesOn(spec) * l.Phases;
            double drivenRows = reads * l.RowActivity * l.Rows;
            double conversions = reads * arrayRowTiles * l.WeightColumns * groups;
            double drivenPerGroup = l.RowActivity * Math.Min(spec.ReadRows, l.Rows);
            double rep = f.Replication;
            double vdd = tech.SupplyVoltageV.Value;

            // Sub-arrays: word lines charged once per mux phase, switch matrix, mux and decoder per row-group read, conversions, adds.
            // A driven row of the layer is one word line in each of the arrays side by side across its columns.
            double wordLine = drivenRows * arrayColTiles * spec.ColsPerAdc * s.WordLineEnergyPerRowJ;
            ledger.Add("subarray", "cell array", ComponentCategory.Array, physicalArrays, wordLine, physicalArrays * s.ArrayAreaM2, 0, s.CellLeakageW * physicalArrays);
            double selects = reads * arrays * groups * spec.ColsPerAdc;
            ledger.Add("subarray", "word-line switch matrix", ComponentCategory.Other, physicalArrays, (selects * s.WordLineSwitchEnergyPerReadJ) + (drivenRows * arrayColTiles * spec.ColsPerAdc * s.WordLineSwitchEnergyPerDrivenRowJ),
                physicalArrays * s.WordLineSwitch.AreaM2, 0, physicalArrays * s.WordLineSwitch.LeakageW);
            if (s.LevelShifterAreaM2 > 0)
            {
                ledger.Add("subarray", "write level shifters", ComponentCategory.Other, physicalArrays * ((2L * spec.ArrayRows) + spec.ArrayCols), 0, physicalArrays * s.LevelShifterAreaM2, 0, physicalArrays * s.LevelShifterLeakageW);
            }

            if (l.Cell.IsSram)
            {
                ledger.Add("subarray", "SRAM write driver", ComponentCategory.Other, physicalArrays, 0, physicalArrays * s.WriteDriver.AreaM2, 0, physicalArrays * s.WriteDriver.LeakageW);
            }

            ledger.Add("subarray", "column mux", ComponentCategory.Other, physicalArrays, selects * s.ColumnMux.EnergyPerOperationJ, physicalArrays * s.ColumnMux.AreaM2, 0, 0);
            ledger.Add("subarray", "mux decoder", ComponentCategory.Other, physicalArrays, selects * s.MuxDecoder.EnergyPerOperationJ * k.DecoderEnergy, physicalArrays * s.MuxDecoder.AreaM2, 0, physicalArrays * s.MuxDecoder.LeakageW);
            double arrayCycles = reads * groups * spec.ColsPerAdc * senseCycles / rep;
            ledger.Add("subarray", $"ADC ({spec.Adc.Name}, {spec.AdcBits} bits)", ComponentCategory.Adc, physicalArrays * s.Adcs, conversions * s.ConversionEnergyJ(drivenPerGroup), physicalArrays * (s.Adc.AreaM2 + s.Precharger.AreaM2), arrayCycles, physicalArrays * (s.Adc.LeakageW + s.Precharger.LeakageW));
            double outputsPerRowTile = reads * arrayRowTiles * l.Outputs;
            double partialAdds = groups > 1 ? reads * arrayRowTiles * l.WeightColumns * (groups - 1) : 0;
            double weightAdds = l.ColumnsPerOutput > 1 ? outputsPerRowTile * (l.ColumnsPerOutput - 1) : 0;
            double accumulationJ = (partialAdds * ((s.PartialAddJ * k.AdderEnergy) + (s.PartialSumBits * s.RegisterBitJ * k.FlipFlopEnergy)))
                + (weightAdds * ((s.PartialAddJ * k.AdderEnergy) + (s.WeightSumBits * s.RegisterBitJ * k.FlipFlopEnergy)))
                + (outputsPerRowTile * ((s.InputAddJ * k.AdderEnergy) + ((s.WeightSumBits + spec.InputBits) * s.RegisterBitJ * k.FlipFlopEnergy)));
            ledger.Add("subarray", "shift-add and partial sums", ComponentCategory.Accumulation, physicalArrays * s.Adcs, accumulationJ, physicalArrays * s.AccumulationAreaM2, 0, physicalArrays * s.AccumulationLeakageW);
            ledger.Add("subarray", "layout whitespace", ComponentCategory.Whitespace, physicalArrays, 0, physicalArrays * (s.BoxAreaM2 - s.ArrayAreaM2 - s.Adc.AreaM2 - s.Precharger.AreaM2 - s.AccumulationAreaM2 - s.OtherAreaM2), 0, 0);

            // Processing elements: adder tree over the sub-array rows, flip-flop buffers, buses.
            long pes = f.Novel ? kernelArea * ChipMath.CeilDiv(l.InputChannels, t.PeSize) * ChipMath.CeilDiv(l.WeightColumns, t.PeSize) : ChipMath.CeilDiv(l.Rows, t.PeSize) * ChipMath.CeilDiv(l.WeightColumns, t.PeSize);
            long physicalPes = physicalTiles * t.Pes;
            int treeInputs = (int)Math.Min(t.ArrayRowsPerPe, ChipMath.CeilDiv(rowsPerPe, a));
            int peTreeCycles = CyclesOf(AdderTree.LatencyS(tech, Math.Max(2, treeInputs), s.OutputBits, 0));
            double peTreeJ = treeInputs > 1 ? nv * pes * AdderTree.EnergyPerOperationJ(tech, treeInputs, s.OutputBits, t.OutputsPerPe) * k.AdderEnergy : 0;
            ledger.Add("pe", "adder tree", ComponentCategory.Accumulation, physicalPes, peTreeJ, physicalPes * (t.ArrayRowsPerPe > 1 ? t.PeTree.AreaM2 : 0), nv * peTreeCycles / rep, physicalPes * (t.ArrayRowsPerPe > 1 ? t.PeTree.LeakageW : 0));
            double peInBits = (double)l.Rows * ChipMath.CeilDiv(l.WeightColumns, t.PeSize) * reads;
            double peOutBits = (double)l.Outputs * (f.Novel ? kernelArea * ChipMath.CeilDiv(l.InputChannels, t.PeSize) : ChipMath.CeilDiv(l.Rows, t.PeSize)) * s.OutputBits * nv;
            double peRowsIn = Math.Min(rowsPerPe, t.PeSize), peOutputs = Math.Min(l.Outputs, t.OutputsPerPe);
            double peBufferCycles = (Math.Floor(peRowsIn * reads / t.PeInputBufferBits) + Math.Floor(peOutputs * s.OutputBits * nv / t.PeOutputBufferBits)) / rep;
            ledger.Add("pe", "buffers", ComponentCategory.Buffer, physicalPes, (peInBits + peOutBits) * s.RegisterBitJ, physicalPes * t.PeBufferAreaM2, peBufferCycles, physicalPes * (t.PeLeakageW - (t.ArraysPerPe * s.LeakageW) - (t.ArrayRowsPerPe > 1 ? t.PeTree.LeakageW : 0)));
            ledger.Add("pe", "bus", ComponentCategory.Interconnect, physicalPes, (peInBits * t.PeBusInputJPerBit) + (peOutBits * t.PeBusOutputJPerBit), 0, 0, 0);

            // Tiles: accumulation over PEs, register-file buffers, H-tree.
            bool tileSums = f.Novel || l.Rows > t.PeSize;
            double tileAccJ = tileSums ? nv * matrixTiles * AdderTree.EnergyPerOperationJ(tech, t.AccumulationInputs, t.PeOutputBits, t.Accumulation.AreaM2 > 0 ? t.OutputsPerPe * (f.Novel ? 1 : 2) : 1) * k.AdderEnergy : 0;
            double tileAccCycles = tileSums ? nv * CyclesOf(t.Accumulation.LatencyS) : 0;
            ledger.Add("tile", "accumulation", ComponentCategory.Accumulation, physicalTiles, tileAccJ, physicalTiles * t.Accumulation.AreaM2, tileAccCycles, physicalTiles * t.Accumulation.LeakageW);
            int reuse = f.Novel ? l.KernelWidth : 1;
            double tileRowsIn = f.Novel ? Math.Min(l.InputChannels, t.PeSize) * kernelArea : Math.Min(l.Rows, plan.ConventionalTileSize);
            double tileInBitsMax = tileRowsIn * inputBits * l.Phases * nv / reuse;
            double tileOutBitsMax = Math.Min(l.Outputs, t.OutputsPerPe * (f.Novel ? 1 : 2)) * t.OutputBits * nv;
            double tileInBits = (double)l.Rows * f.MatrixTileColumns * inputBits * l.Phases * nv / reuse;
            double tileOutBits = (double)l.Outputs * f.MatrixTileRows * t.OutputBits * nv;
            double tileBufferCycles = t.InputBuffer.Cycles(tileInBitsMax, CyclesOf(t.InputBuffer.LineLatencyS)) + t.OutputBuffer.Cycles(tileOutBitsMax, CyclesOf(t.OutputBuffer.LineLatencyS));
            ledger.Add("tile", "buffers", ComponentCategory.Buffer, physicalTiles * (t.InputBuffer.Cores + t.OutputBuffer.Cores), t.InputBuffer.EnergyJ(tileInBits, k) + t.OutputBuffer.EnergyJ(tileOutBits, k),
                physicalTiles * (t.InputBuffer.AreaM2 + t.OutputBuffer.AreaM2), tileBufferCycles, physicalTiles * (t.InputBuffer.LeakageW + t.OutputBuffer.LeakageW));
            double treeCycles = (tileInBitsMax + tileOutBitsMax) / t.BusWidth * CyclesOf(t.Tree.LatencyS);
            double treeJ = ((InterconnectToggle.Input * tileInBits) + (InterconnectToggle.Output * tileOutBits)) * t.TreeJPerBit;
            ledger.Add("tile", "H-tree", ComponentCategory.Interconnect, physicalTiles, treeJ, physicalTiles * t.Tree.AreaM2 / TileDesign.TreeFoldedRatio, treeCycles, physicalTiles * t.Tree.LeakageW);

            // Chip: activation, accumulation across tile rows, global buffer, global interconnect.
            if (l.Neurons is { } n)
            {
                // Each update: the neuron unit once, its membrane read and written back (membrane bits each way).
                double updateJ = NeuronUnit.EnergyPerUpdateJ(tech, n.MembraneBits, n.Leaky) + membranes!.EnergyJ(2.0 * n.MembraneBits, k);
                ledger.Add("chip", $"neurons ({(n.Leaky ? "LIF" : "IF")}, {n.MembraneBits}-bit membranes)", ComponentCategory.Neuron, 0, n.UpdatesPerImage * updateJ, 0,
                    Math.Ceiling(n.UpdatesPerImage / activationUnits) * neuronCycles, 0);
            }
            else
            {
                ledger.Add("chip", "activation", ComponentCategory.Other, 0, nv * l.Outputs * activationJPerOutput, 0, Math.Ceiling(nv * l.Outputs / activationUnits), 0);
            }

            bool chipSums = f.MatrixTileRows > 1;
            double chipOps = Math.Ceiling(l.Outputs * nv / activationUnits);
            ledger.Add("chip", "accumulation", ComponentCategory.Accumulation, 0, chipSums ? chipOps * AdderTree.EnergyPerOperationJ(tech, f.MatrixTileRows, tileOutputBits, activationUnits) * k.AdderEnergy : 0, 0,
                chipSums ? chipOps * chipAccumulationCycles : 0, 0);
            bool pooled = l.PoolWindow > 1;
            double poolOps = pooled ? Math.Ceiling(nv * l.Outputs / l.PoolWindow / activationUnits) : 0;
            ledger.Add("chip", "max pooling", ComponentCategory.Other, 0, pooled ? poolOps * MaxPooling.EnergyPerOperationJ(tech, activationUnits, spec.InputBits, l.PoolWindow) * k.DecoderEnergy : 0, 0,
                pooled ? poolOps * CyclesOf(MaxPooling.LatencyS(tech, spec.InputBits, l.PoolWindow, 0)) : 0, 0);
            double globalIn = (double)l.Rows * inputBits * l.Phases * nv / reuse;
            double globalOut = (double)l.Outputs * l.OutputBitsOn(spec) * nv / Math.Max(1, l.PoolWindow);
            ledger.Add("chip", "global buffer", ComponentCategory.Buffer, 0, globalBuffer.EnergyJ(globalIn + globalOut, k), 0,
                (globalIn + globalOut) / GlobalBufferPort / globalBufferParallel * CyclesOf(globalBuffer.LineLatencyS), 0);
            var (inJPerBit, outJPerBit, inCycles, outCycles) = spec.Interconnect.Transfer(tech, plan, t.SideM);
            double busCycles = (Math.Ceiling(globalIn / busWidth * plan.TileGridRows / f.TileRows) * CyclesOf(inCycles))
                + (Math.Ceiling(globalOut / busWidth * plan.TileGridColumns / f.MatrixTileColumns) * CyclesOf(outCycles));
            ledger.Add("chip", $"global interconnect ({spec.Interconnect.Name})", ComponentCategory.Interconnect, 0, (globalIn * inJPerBit) + (globalOut * outJPerBit), 0, busCycles, 0);

            latencyCycles[i] = ledger.Cycles;
            double programCells = (double)l.Rows * l.WeightColumns * rep;
            programJ += programCells * l.Cell.ProgramEnergyPerCellJ;
            programS += Math.Min(l.Rows, a) * l.Cell.ProgramLatencyPerRowS * Math.Ceiling((double)arrays * rep / Math.Max(1, physicalTiles));
            opsTotal += l.OpsPerImage;
            double utilisation = (double)l.Rows * l.WeightColumns * rep / ((double)physicalArrays * spec.ArrayRows * spec.ArrayCols);
            layerCosts.Add(new LayerChipCost(l.Name, l.Cell.Name, f.Tiles, (int)physicalPes, (int)physicalArrays, f.Replication, utilisation, l.OpsPerImage, reads * arrays,
                conversions, drivenRows, ledger.EnergyPj, ledger.Cycles * periodS * 1e9, ledger.LeakageUw, ledger.AreaUm2));
        }

        // Chip-level hardware shared by all layers.
        var chip = new Ledger("chip", rows, periodS);
        chip.Add("chip", "global buffer", ComponentCategory.Buffer, globalBuffer.Cores, 0, globalBuffer.AreaM2, 0, globalBuffer.LeakageW);
        chip.Add("chip", "activation", ComponentCategory.Other, activationUnits, 0, activationAreaM2, 0, activationLeakW);
        chip.Add("chip", "max pooling", ComponentCategory.Other, poolWindow > 1 ? activationUnits : 0, 0, pooling.AreaM2, 0, pooling.LeakageW);
        chip.Add("chip", "accumulation", ComponentCategory.Accumulation, activationUnits, 0, maxTileRows > 1 ? chipAccumulation.AreaM2 : 0, 0, maxTileRows > 1 ? chipAccumulation.LeakageW : 0);
        chip.Add("chip", $"global interconnect ({spec.Interconnect.Name})", ComponentCategory.Interconnect, 1, 0, busX.AreaM2, 0, busX.LeakageW);
        if (membranes is not null)
        {
            chip.Add("chip", "neuron units", ComponentCategory.Neuron, activationUnits, 0, neuronUnits.AreaM2, 0, neuronUnits.LeakageW);
            chip.Add("chip", $"membrane memory ({neuronLayers.Sum(n => n.MembraneMemoryBits)} bits)", ComponentCategory.Neuron, membranes.Cores, 0, membranes.AreaM2, 0, membranes.LeakageW);
        }

        double exitCycles = 0;
        if (exit is not null)
        {
            int exitAdders = ExitWorkload.OperationsPerClass;
            DigitalCost exitUnit = RippleCarryAdder.Cost(tech, exit.Bits, exitAdders, Dff.InputCapacitanceF(tech));
            double checks = exit.ChecksPerImage;
            exitCycles = checks * exit.Classes * CyclesOf(exitUnit.LatencyS);
            chip.Add("chip", "exit unit (softmax and entropy or confidence)", ComponentCategory.Neuron, 1, checks * exit.Classes * exitUnit.EnergyPerOperationJ, exitUnit.AreaM2, exitCycles, exitUnit.LeakageW);
        }

        double latencyNs = ((spec.Pipeline ? latencyCycles.Max() : latencyCycles.Sum()) + exitCycles) * periodS * 1e9;
        double area = rows.Sum(r => r.AreaUm2);
        double whitespace = rows.Where(r => r.Category == ComponentCategory.Whitespace).Sum(r => r.AreaUm2);
        double dynamicPj = rows.Sum(r => r.EnergyPj), leakageUw = rows.Sum(r => r.LeakageUw);
        rows.Add(new ComponentCost("chip", "chip", "leakage energy (leakage power x latency per image)", ComponentCategory.Leakage, 0, leakageUw * latencyNs * 1e-3, 0, 0, 0));
        return new ChipCostReport(rows, layerCosts, periodS * 1e9, area, whitespace, dynamicPj, leakageUw, latencyNs, opsTotal, programJ * 1e12, programS * 1e9, k.TopsPerWattDivisor, neuronLayers.Sum(n => n.MembraneMemoryBits));
    }

    /// <summary>Collects one layer's component lines (SI in, report units out) and its latency in cycles.</summary>
    private sealed class Ledger(string layer, List<ComponentCost> rows, double periodS)
    {
        public double Cycles { get; private set; }

        public double EnergyPj { get; private set; }

        public double LeakageUw { get; private set; }

        public double AreaUm2 { get; private set; }

        public void Add(string level, string component, ComponentCategory category, long count, double energyJ, double areaM2, double cycles, double leakageW)
        {
            var row = new ComponentCost(layer, level, component, category, count, energyJ * 1e12, areaM2 * 1e12, cycles * periodS * 1e9, leakageW * 1e6);
            rows.Add(row);
            Cycles += cycles;
            EnergyPj += row.EnergyPj;
            LeakageUw += row.LeakageUw;
            AreaUm2 += row.AreaUm2;
        }
    }
}
