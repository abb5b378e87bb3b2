using IMCSim.Simulator.Kernels;
using IMCSim.Simulator.Tensors;
using IMCSim.Workloads.Graph;
using IMCSim.Workloads.Operators;
using Xunit;

namespace IMCSim.Tests.Workloads;

public sealed class OperatorSummationTests
{
    [Fact]
    public void GlobalAveragePool_SumsEachPlaneInIndexOrderInDouble_RoundedOnce()
    {
        // Values whose float sum depends on the order (and so on a vector library's width): 1 then many tiny terms.
        var rng = new Random(4);
        int planes = 3, plane = 1000;
        float[] x = new float[planes * plane];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = i % plane == 0 ? 1f : (float)(rng.NextDouble() * 1e-7);
        }

        Tensor y = new GlobalAveragePoolOperator().Evaluate([Tensor.FromFloat([1, planes, 10, 100], x)], new OperatorContext(new CpuKernels(1)))[0];
        Assert.Equal([1, planes, 1, 1], y.Shape);
        for (int p = 0; p < planes; p++)
        {
            double sum = 0;
            for (int i = 0; i < plane; i++)
            {
                sum += x[(p * plane) + i];
            }

            Assert.Equal((float)(sum / plane), y.Data[p]);
        }
    }
}
