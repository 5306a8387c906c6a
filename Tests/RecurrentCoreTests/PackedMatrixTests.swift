@testable import RecurrentCore
import Testing
import _TestSupport

/// `PackedMatrix` against a Double reference, over shapes that leave partial panels (n not a
/// multiple of 16) and partial row blocks (m not a multiple of 6), both orientations of `B`,
/// strided `A` and `C`, and accumulation.
@Suite struct PackedMatrixTests {
    static func random(_ count: Int, _ generator: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    @Test(arguments: [(1, 1, 1), (6, 16, 8), (7, 17, 5), (16, 1024, 256), (32, 256, 64), (5, 33, 1), (13, 40, 19), (3, 7, 0)])
    func productsMatchDoubleArithmetic(m: Int, n: Int, k: Int) {
        var generator = SplitMix64(seed: UInt64(m * 10_007 + n * 101 + k))
        let (lda, ldc) = (k + 3, n + 5)   // strided rows on both sides
        let a = Self.random(m * lda, &generator)
        let b = Self.random(k * n, &generator)          // B [k, n]
        let bTransposed = (0..<(n * k)).map { b[($0 % k) * n + $0 / k] }   // W [n, k] = B^T
        let start = Self.random(m * ldc, &generator)
        var expected = start, expectedSum = start
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k { sum += Double(a[i * lda + p]) * Double(b[p * n + j]) }
                expected[i * ldc + j] = Float(sum)
                expectedSum[i * ldc + j] = Float(Double(start[i * ldc + j]) + sum)
            }
        }
        for transposed in [false, true] {
            let packed = PackedMatrix()
            let source = transposed ? bTransposed : b
            source.withUnsafeBufferPointer { source in
                if transposed { packed.pack(transposedFrom: source.baseAddress!, rows: k, columns: n) }
                else { packed.pack(source.baseAddress!, rows: k, columns: n) }
                for accumulate in [false, true] {
                    var c = start
                    a.withUnsafeBufferPointer { a in
                        c.withUnsafeMutableBufferPointer { c in
                            packed.multiply(a.baseAddress!, lda: lda, into: c.baseAddress!, ldc: ldc, m: m, accumulate: accumulate)
                        }
                    }
                    let comparison = compare(c, accumulate ? expectedSum : expected, relative: 1e-5, absolute: 1e-5)
                    #expect(comparison.agrees, "[\(m), \(k)] x [\(k), \(n)] transposed \(transposed) accumulate \(accumulate): \(comparison)")
                    // The padding between rows is untouched.
                    for i in 0..<m { #expect(Array(c[(i * ldc + n)..<(i * ldc + ldc)]) == Array(start[(i * ldc + n)..<(i * ldc + ldc)])) }
                }
            }
        }
    }

    /// Each row of C is the same whichever rows it is computed with: the recurrences split a batch
    /// by rows over threads, and results must not depend on the thread count.
    @Test func aRowDoesNotDependOnItsCompanions() {
        var generator = SplitMix64(seed: 7)
        let (m, n, k) = (17, 48, 64)
        let a = Self.random(m * k, &generator), w = Self.random(n * k, &generator)
        let packed = PackedMatrix()
        w.withUnsafeBufferPointer { packed.pack(transposedFrom: $0.baseAddress!, rows: k, columns: n) }
        var whole = [Float](repeating: 0, count: m * n), pieces = whole
        a.withUnsafeBufferPointer { a in
            whole.withUnsafeMutableBufferPointer { packed.multiply(a.baseAddress!, lda: k, into: $0.baseAddress!, ldc: n, m: m) }
            pieces.withUnsafeMutableBufferPointer { c in
                for (first, count) in [(0, 5), (5, 1), (6, 8), (14, 3)] {
                    packed.multiply(a.baseAddress! + first * k, lda: k, into: c.baseAddress! + first * n, ldc: n, m: count)
                }
            }
        }
        #expect(whole == pieces)
    }
}
