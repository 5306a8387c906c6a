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

    @Test(arguments: [(1, 1, 1), (6, 16, 8), (7, 17, 5), (16, 1024, 256), (32, 256, 64), (5, 33, 1), (13, 40, 19), (3, 7, 0),
                      (1, 512, 128), (1, 200, 9), (2, 120, 33), (3, 70, 16)])
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
                for (first, count) in [(0, 5), (5, 1), (6, 2), (8, 6), (14, 3)] {
                    packed.multiply(a.baseAddress! + first * k, lda: k, into: c.baseAddress! + first * n, ldc: n, m: count)
                }
            }
        }
        #expect(whole == pieces)
    }

    /// A packing kept between calls is redone as soon as one value of the source changes, and a
    /// source at another address or of another shape is never mistaken for the last one.
    @Test func aKeptPackingFollowsEveryChangeOfItsSource() {
        let (m, n, k) = (2, 20, 9)
        var generator = SplitMix64(seed: 5)
        let a = Self.random(m * k, &generator)
        var w = Self.random(n * k, &generator)
        let packed = PackedMatrix(keepsUnchangedPacking: true)
        func product(_ w: [Float], rows: Int = k, columns: Int = n) -> [Float] {
            var c = [Float](repeating: 0, count: m * columns)
            w.withUnsafeBufferPointer { packed.pack(transposedFrom: $0.baseAddress!, rows: rows, columns: columns) }
            a.withUnsafeBufferPointer { a in
                c.withUnsafeMutableBufferPointer { packed.multiply(a.baseAddress!, lda: k, into: $0.baseAddress!, ldc: columns, m: m) }
            }
            return c
        }
        func reference(_ w: [Float], columns: Int = n) -> [Float] {
            (0..<(m * columns)).map { index in
                let (i, j) = (index / columns, index % columns)
                return Float((0..<k).reduce(0.0) { $0 + Double(a[i * k + $1]) * Double(w[j * k + $1]) })
            }
        }
        #expect(compare(product(w), reference(w)).agrees)
        #expect(compare(product(w), reference(w)).agrees)   // unchanged: the kept packing
        w[n * k - 1] += 0.5                                  // the very last value
        #expect(compare(product(w), reference(w)).agrees)
        w[0] = -w[0]
        #expect(compare(product(w), reference(w)).agrees)
        let fewer = Array(w[0..<((n - 4) * k)])              // the same values, fewer columns
        #expect(compare(product(fewer, columns: n - 4), reference(fewer, columns: n - 4)).agrees)
    }
}
