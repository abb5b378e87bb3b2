using IMCSim.Devices;
using IMCSim.Devices.Models;
using IMCSim.Mapping;
using IMCSim.Mapping.Crossbar;
using IMCSim.Simulator.Kernels;
using IMCSim.Workloads.Graph;
using Xunit;

namespace IMCSim.Tests.Mapping;

/// <summary>
/// Arrays shared between mapped networks (a sweep's points): a network built on a cache another network filled is the network a
/// fresh build makes, bit for bit; read-side settings reuse the programmed arrays, and every setting programming reads gets its own.
/// </summary>
public sealed class ProgrammingCacheTests
{
    private static readonly NetworkGraph Graph = TestGraphs.Dense(40, 12, new Random(5), withBias: true);

    // PCM (programming noise, variation, faults, drift, read noise) on 16 x 32 arrays with exact wire parasitics: 3 x 3 arrays.
    private static MappingSpec Spec(int adcBits = 6, int inputBits = 8, int colsPerAdc = 8, double driftTimeS = 3600, ulong seed = 1, int weightBits = 8, int bitsPerCell = 2,
        WeightEncoding encoding = WeightEncoding.Differential, NoiseSelection noise = NoiseSelection.All, double rowWireOhm = 2, int rows = 16) =>
        new(arrayRows: rows, arrayCols: 32, weightBits: weightBits, bitsPerCell: bitsPerCell, inputBits: inputBits, adcBits: adcBits, colsPerAdc: colsPerAdc, encoding: encoding,
            noise: noise, driftTimeS: driftTimeS, seed: seed, parasitics: new ParasiticsSpec(ParasiticsMode.Exact, 32, rowWireOhm, 1, 0, 0));

    private static ProgrammedLayer Map(MappingSpec spec, string device = "pcm", ProgrammingCache? cache = null) =>
        new MappedNetwork(Graph, spec, DeviceAssignment.Uniform(DeviceCatalog.Find(device)!), new CpuKernels(1), 1, cache).Operators[0].Runtime.Programmed;

    private static void AssertSamePlanes(ProgrammedLayer expected, ProgrammedLayer actual)
    {
        Assert.Equal(expected.TargetPlane, actual.TargetPlane);
        Assert.Equal(expected.ProgrammedPlane, actual.ProgrammedPlane);
        Assert.Equal(expected.ReadPlane, actual.ReadPlane);
        Assert.Equal(expected.VariancePlane, actual.VariancePlane);
        Assert.Equal(expected.RowConductanceUs, actual.RowConductanceUs);
        Assert.Equal(expected.Solve, actual.Solve);
    }

    public static TheoryData<string> ReadSide => ["adc-bits", "input-bits", "cols-per-adc"];

    [Theory]
    [MemberData(nameof(ReadSide))]
    public void ReadSideSettings_ReuseTheProgrammedArrays_AndGiveTheFreshNetwork(string changed)
    {
        var cache = new ProgrammingCache();
        ProgrammedLayer first = Map(Spec(), cache: cache);
        MappingSpec spec = changed switch { "adc-bits" => Spec(adcBits: 4), "input-bits" => Spec(inputBits: 4), _ => Spec(colsPerAdc: 2) };
        ProgrammedLayer shared = Map(spec, cache: cache);

        Assert.Equal(9, first.Arrays.Count);
        Assert.All(first.Arrays.Zip(shared.Arrays), p => Assert.Same(p.First, p.Second));
        AssertSamePlanes(Map(spec), shared);
    }

    [Fact]
    public void AnotherDriftTime_ReusesTheProgrammedCells_AndSolvesTheDriftedOnes()
    {
        var cache = new ProgrammingCache();
        ProgrammedLayer first = Map(Spec(driftTimeS: 3600), cache: cache);
        long programmedOnce = cache.Misses;
        ProgrammedLayer later = Map(Spec(driftTimeS: 86400 * 365), cache: cache);

        Assert.All(first.Arrays.Zip(later.Arrays), p =>
        {
            Assert.Same(p.First.TargetUs, p.Second.TargetUs);
            Assert.Same(p.First.ProgrammedSeenUs, p.Second.ProgrammedSeenUs);
            Assert.NotEqual(p.First.ReadSeenUs, p.Second.ReadSeenUs);
        });
        Assert.Equal(2 * first.Arrays.Count, programmedOnce);     // both stages of every array once
        Assert.Equal(programmedOnce + first.Arrays.Count, cache.Misses); // then only the drifted stage
        AssertSamePlanes(Map(Spec(driftTimeS: 86400 * 365)), later);
    }

    public static TheoryData<string> ProgrammingSide => ["seed", "device", "weight-bits", "bits-per-cell", "encoding", "noise", "wires", "array"];

    [Theory]
    [MemberData(nameof(ProgrammingSide))]
    public void SettingsThatProgrammingReads_GetTheirOwnArrays(string changed)
    {
        var cache = new ProgrammingCache();
        ProgrammedLayer first = Map(Spec(), cache: cache);
        (MappingSpec spec, string device) = changed switch
        {
            "seed" => (Spec(seed: 2), "pcm"),
            "device" => (Spec(), "rram"),
            "weight-bits" => (Spec(weightBits: 6), "pcm"),
            "bits-per-cell" => (Spec(bitsPerCell: 1), "pcm"),
            "encoding" => (Spec(encoding: WeightEncoding.Offset), "pcm"),
            "noise" => (Spec(noise: NoiseSelection.Programming), "pcm"),
            "wires" => (Spec(rowWireOhm: 20), "pcm"),
            _ => (Spec(rows: 8), "pcm"),
        };
        ProgrammedLayer other = Map(spec, device, cache);

        Assert.DoesNotContain(other.Arrays, a => first.Arrays.Any(f => ReferenceEquals(f.TargetUs, a.TargetUs)));
        AssertSamePlanes(Map(spec, device), other);
        Assert.NotEqual(first.ReadPlane, other.ReadPlane);
    }

    [Fact]
    public void PastItsBudget_TheCacheKeepsNothingMore_AndResultsStayTheSame()
    {
        var cache = new ProgrammingCache(budgetBytes: 1);
        Map(Spec(), cache: cache);
        ProgrammedLayer again = Map(Spec(adcBits: 4), cache: cache);

        Assert.True(cache.Bytes < 20_000, $"a 1-byte budget holds the first entry only, got {cache.Bytes} bytes");
        AssertSamePlanes(Map(Spec(adcBits: 4)), again);
    }
}
