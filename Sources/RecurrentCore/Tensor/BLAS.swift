import _BLAS

/// Matrix products on cblas (OpenBLAS on Linux), row-major.
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
        if k == 0 {   // C = beta C, row by row (C may be a strided view)
            for row in 0..<m { scale(c + row * (ldc ?? n), count: n, by: beta) }
            return
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda ?? (transposeA ? m : k)),
                    b, Int32(ldb ?? (transposeB ? k : n)),
                    beta, c, Int32(ldc ?? n))
    }

    /// `y = alpha * op(A) * x + beta * y`, `A` is `[rows, columns]`.
    public static func gemv(
        _ a: UnsafePointer<Float>, transpose: Bool = false, rows: Int, columns: Int,
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, alpha: Float = 1, beta: Float = 0
    ) {
        guard rows > 0 && columns > 0 else { return }
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

    /// How many threads OpenBLAS uses (set from `--threads`; never more than the cores, and 1
    /// when the caller runs its own workers).
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
