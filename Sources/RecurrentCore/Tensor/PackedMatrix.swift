import _PackedProduct
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The right-hand operand of many products `C = A B` with the same `B`, packed once.
///
/// A recurrence multiplies its state by the same weights at every step: `h_t W_hh^T` forward and
/// `dGates_t W_hh` backward. `BLAS.gemm` (OpenBLAS) repacks the whole right-hand matrix on every
/// such call; `pack` does it once per sequence and `multiply` then runs `_PackedProduct`'s AVX2 +
/// FMA kernel on it. On a CPU without AVX2 and FMA (or off x86-64) `pack` only records where `B`
/// is, and `multiply` calls `BLAS.gemm`, so callers need no second path.
///
/// `B` is `[k, n]`; `pack(transposedFrom:)` takes it from a stored `[n, k]` matrix (a weight
/// `W` used as `W^T`). The storage only grows: repacking a matrix of the same or smaller size
/// allocates nothing. `B` must not change between `pack` and the last `multiply`.
///
/// With `keepsUnchangedPacking`, `pack` compares the source with a copy of what it packed last
/// time and skips the packing when nothing changed: inference calls `forward` again and again on
/// the same weights (a tagger's one-sentence calls spent an eighth of their time packing), while
/// in training, where every update changes the weights, the comparison stops at the first bytes.
final class PackedMatrix {
    private static let kernelAvailable = VectorMath.hasAVX2

    private let keepsUnchangedPacking: Bool
    private var storage = TensorStorage(count: 0)
    /// The source's values at the last `pack` (only with `keepsUnchangedPacking`).
    private var snapshot = TensorStorage(count: 0)
    private var source: (pointer: UnsafePointer<Float>, transposed: Bool)?
    private(set) var rows = 0, columns = 0

    init(keepsUnchangedPacking: Bool = false) {
        self.keepsUnchangedPacking = keepsUnchangedPacking
    }

    /// Packs `B [k, n]`, stored row-major at `pointer`.
    func pack(_ pointer: UnsafePointer<Float>, rows k: Int, columns n: Int) {
        pack(pointer, k: k, n: n, transposed: false)
    }

    /// Packs `B = W^T [k, n]` from `W [n, k]` stored row-major at `pointer`.
    func pack(transposedFrom pointer: UnsafePointer<Float>, rows k: Int, columns n: Int) {
        pack(pointer, k: k, n: n, transposed: true)
    }

    private func pack(_ pointer: UnsafePointer<Float>, k: Int, n: Int, transposed: Bool) {
        precondition(k >= 0 && n >= 0, "PackedMatrix.pack: [\(k), \(n)]")
        let sameSource = source.map { $0.pointer == pointer && $0.transposed == transposed } == true && (rows, columns) == (k, n)
        (rows, columns) = (k, n)
        source = (pointer, transposed)
        guard Self.kernelAvailable else { return }
        if keepsUnchangedPacking {
            if sameSource && memcmp(snapshot.pointer, pointer, k * n * MemoryLayout<Float>.stride) == 0 { return }
            if snapshot.count < k * n { snapshot = TensorStorage(count: k * n) }
            snapshot.pointer.update(from: pointer, count: k * n)
        }
        let count = quill_packed_count(k, n)
        if storage.count < count { storage = TensorStorage(count: count) }
        // Panels are independent; a training step's W_hh (1 MB read, 1 MB written) is worth both
        // threads, as the other memory-bound passes between its products are.
        let (rowStride, columnStride) = transposed ? (1, k) : (n, 1)
        let panels = Int(quill_panel_count(n))
        let parts = min(panels, Parallelism.partCount(streaming: 2 * k * n))
        let packed = storage.pointer
        Parallelism.run(parts: parts) { part in
            let share = Parallelism.alignedRange(panels, part: part, parts: parts, alignment: 1)
            quill_pack(pointer, k, n, rowStride, columnStride, share.lowerBound, share.upperBound, packed)
        }
    }

    /// `C = A B` (or `C += A B` with `accumulate`): `A` is `[m, k]` with rows `lda` apart, `C` is
    /// `[m, n]` with rows `ldc` apart. Rows of `C` are independent: each is the same whatever `m`.
    func multiply(_ a: UnsafePointer<Float>, lda: Int, into c: UnsafeMutablePointer<Float>, ldc: Int, m: Int,
                  accumulate: Bool = false) {
        guard let source else { preconditionFailure("PackedMatrix.multiply before pack") }
        guard m > 0 else { return }
        if Self.kernelAvailable {
            quill_packed_product(a, lda, storage.pointer, c, ldc, m, columns, rows, accumulate ? 1 : 0)
        } else {
            BLAS.gemm(a, lda: lda, source.pointer, transposeB: source.transposed, c, ldc: ldc,
                      m: m, n: columns, k: rows, beta: accumulate ? 1 : 0)
        }
    }
}
