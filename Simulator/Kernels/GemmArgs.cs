namespace IMCSim.Simulator.Kernels;

/// <summary>
/// Parameters of a row-major single-precision matrix product C = op(A) op(B) (+ C when
/// <see cref="Accumulate"/>), where op(A) is M x K and op(B) is K x N. Leading dimensions are the
/// row strides of the stored matrices (A is stored K x M when <see cref="TransposeA"/>, B is stored
/// N x K when <see cref="TransposeB"/>). An unmanaged struct so a GPU backend can take it as is.
/// </summary>
public readonly record struct GemmArgs(
    int M,
    int N,
    int K,
    int Lda,
    int Ldb,
    int Ldc,
    bool TransposeA = false,
    bool TransposeB = false,
    bool Accumulate = false)
{
    /// <summary>Densely stored operands: lda, ldb, ldc follow from the shapes.</summary>
    public static GemmArgs Dense(int m, int n, int k, bool transposeA = false, bool transposeB = false, bool accumulate = false) =>
        new(m, n, k, transposeA ? m : k, transposeB ? k : n, n, transposeA, transposeB, accumulate);

    /// <summary>Smallest buffer lengths that hold A, B and C.</summary>
    public (long A, long B, long C) RequiredLengths() => (
        M == 0 || K == 0 ? 0 : TransposeA ? (long)(K - 1) * Lda + M : (long)(M - 1) * Lda + K,
        K == 0 || N == 0 ? 0 : TransposeB ? (long)(N - 1) * Ldb + K : (long)(K - 1) * Ldb + N,
        M == 0 || N == 0 ? 0 : (long)(M - 1) * Ldc + N);

    public void Validate(int aLength, int bLength, int cLength)
    {
        if (M < 0 || N < 0 || K < 0)
        {
            throw new ArgumentException($"GEMM dimensions must be non-negative (M={M}, N={N}, K={K})");
        }

        if (Lda < (TransposeA ? M : K) || Ldb < (TransposeB ? K : N) || Ldc < N)
        {
            throw new ArgumentException($"GEMM leading dimensions too small (lda={Lda}, ldb={Ldb}, ldc={Ldc}) for M={M}, N={N}, K={K}");
        }

        var (a, b, c) = RequiredLengths();
        if (aLength < a || bLength < b || cLength < c)
        {
            throw new ArgumentException($"GEMM buffers too short: A {aLength} < {a}, B {bLength} < {b} or C {cLength} < {c}");
        }
    }
}
