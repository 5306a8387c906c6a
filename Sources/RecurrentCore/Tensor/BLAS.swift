import _BLAS
import _VectorKernels

/// Matrix products on cblas (OpenBLAS on Linux), row-major. Matrix-vector products without a
/// transpose (batch-1 steps, one-row products with a stored weight) run `_VectorKernels`' AVX2 +
/// FMA kernel where the CPU has it.
///
/// `gemm` computes `C = alpha * op(A) * op(B) + beta * C` where `op(X)` is `X` or `X^T`:
/// `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`. With `beta: 1` the product is added
/// into `C`, which is how backward passes accumulate gradients.
public enum BLAS {
    public static func gemm(
        _ a: UnsafePointer<Float>, transposeA: Bool = false, lda: Int? = nil,
        _ b: UnsafePointer<Float>, transposeB: Bool = false, ldb: Int? = nil,
        _ c: UnsafeMutablePointer<Float>, ldc: Int? = nil,
        m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
    ) {
        guard m > 0 && n > 0 else { return }
        _ = Parallelism.threads   // the first use pins OpenBLAS at one thread, before any product runs
        if k == 0 {   // C = beta C, row by row (C may be a strided view)
            for row in 0..<m { scale(c + row * (ldc ?? n), count: n, by: beta) }
            return
        }
        let (lda, ldb, ldc) = (lda ?? (transposeA ? m : k), ldb ?? (transposeB ? k : n), ldc ?? n)
        // Large products are cut into one block of C per thread (along the longer side of C, in
        // multiples of 16) and run on the core's own workers, each on single-threaded OpenBLAS.
        if m == 1 && !transposeA {   // a vector times a matrix: OpenBLAS 0.3.21's gemm runs it at 6 GFLOP/s, gemv at 30
            if transposeB && ldb == k {   // x W^T = W x
                gemv(b, rows: n, columns: k, a, c, alpha: alpha, beta: beta)
                return
            }
            cblas_sgemv(CblasRowMajor, transposeB ? CblasNoTrans : CblasTrans, Int32(transposeB ? n : k), Int32(transposeB ? k : n),
                        alpha, b, Int32(ldb), a, 1, beta, c, 1)
            return
        }
        let parts = Parallelism.partCount(for: max(m, n), minimumPart: 64, flops: 2 * m * n * k)
        guard parts > 1 else {
            cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
            return
        }
        let alongRows = m >= n
        let length = alongRows ? m : n
        Parallelism.run(parts: parts) { part in
            let share = Parallelism.alignedRange(length, part: part, parts: parts)   // multiples of 16
            guard !share.isEmpty else { return }
            let start = share.lowerBound
            if alongRows {
                gemm(transposeA ? a + start : a + start * lda, transposeA: transposeA, lda: lda, b, transposeB: transposeB, ldb: ldb,
                     c + start * ldc, ldc: ldc, m: share.count, n: n, k: k, alpha: alpha, beta: beta)
            } else {
                gemm(a, transposeA: transposeA, lda: lda, transposeB ? b + start * ldb : b + start, transposeB: transposeB, ldb: ldb,
                     c + start, ldc: ldc, m: m, n: share.count, k: k, alpha: alpha, beta: beta)
            }
        }
    }

    /// `y = alpha * op(A) * x + beta * y`, `A` is `[rows, columns]`.
    public static func gemv(
        _ a: UnsafePointer<Float>, transpose: Bool = false, rows: Int, columns: Int,
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, alpha: Float = 1, beta: Float = 0
    ) {
        guard rows > 0 && columns > 0 else { return }
        if !transpose && VectorMath.hasAVX2 {   // reads A about a tenth faster than OpenBLAS 0.3.21's sgemv
            quill_matrix_vector_avx2(a, rows, columns, x, y, alpha, beta)
            return
        }
        _ = Parallelism.threads   // the first use pins OpenBLAS at one thread
        cblas_sgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
                    alpha, a, Int32(columns), x, 1, beta, y, 1)
    }

    /// `y += alpha * x`.
    public static func axpy(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, alpha: Float = 1) {
        guard count > 0 else { return }
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// `x *= alpha`.
    public static func scale(_ x: UnsafeMutablePointer<Float>, count: Int, by alpha: Float) {
        guard count > 0 else { return }
        if alpha == 0 { x.update(repeating: 0, count: count) } else { cblas_sscal(Int32(count), alpha, x, 1) }
    }

    /// The dot product of two vectors.
    public static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        count > 0 ? cblas_sdot(Int32(count), x, 1, y, 1) : 0
    }

    /// OpenBLAS's own thread count. The core keeps it at 1 and runs its own workers instead
    /// (see ``Parallelism``, which is what `--threads` sets): OpenBLAS's idle threads spin and
    /// would compete with those workers for the cores.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }
}

extension Tensor {
    /// `self = op(a) * op(b)` (or `+=` with `accumulate`), for 2-D tensors.
    public func assignProduct(_ a: Tensor, transposeA: Bool = false, _ b: Tensor, transposeB: Bool = false,
                              accumulate: Bool = false) {
        precondition(a.rank == 2 && b.rank == 2 && rank == 2, "assignProduct needs matrices: \(a.shape) x \(b.shape) -> \(shape)")
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        precondition(k == k2 && shape == [m, n], "assignProduct: \(a.shape)\(transposeA ? "^T" : "") x \(b.shape)\(transposeB ? "^T" : "") -> \(shape)")
        BLAS.gemm(a.pointer, transposeA: transposeA, b.pointer, transposeB: transposeB, pointer,
                  m: m, n: n, k: k, beta: accumulate ? 1 : 0)
    }
}
