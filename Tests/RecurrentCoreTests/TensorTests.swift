import RecurrentCore
import Testing

@Suite struct TensorTests {
    /// glibc takes the fixed threshold (the inference commands set it); tensors allocated after it
    /// are as before.
    @Test func largeAllocationsCanBeReturnedToTheSystem() {
        #if canImport(Glibc)
        #expect(LargeAllocations.returnToTheSystem())
        #endif
        let big = Tensor(zeros: [1 << 20])   // 4 MiB: a mapping of its own
        #expect(Int(bitPattern: big.pointer) % 64 == 0 && big.values.allSatisfy { $0 == 0 })
    }

    @Test func storageIsAlignedAndZeroed() {
        for count in [0, 1, 17, 1000] {
            let tensor = Tensor(zeros: [count])
            #expect(Int(bitPattern: tensor.pointer) % 64 == 0)
            #expect(tensor.values.allSatisfy { $0 == 0 })
        }
    }

    @Test func viewsShareStorageAndCopiesDoNot() {
        let x = Tensor(shape: [3, 2, 2], values: (0..<12).map(Float.init))
        let step = x.slice(1)
        #expect(step.shape == [2, 2])
        #expect(step.values == [4, 5, 6, 7])
        step[0, 1] = 50
        #expect(x[1, 0, 1] == 50)
        let rows = x.slice(1..<3).reshaped([4, 2])
        #expect(rows.values.first == 4)
        let copy = x.copy()
        copy[0, 0, 0] = -1
        #expect(x[0, 0, 0] == 0)
    }

    @Test func gemmHandlesEveryTransposeAndAccumulates() {
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], values: [7, 8, 9, 10, 11, 12])
        let c = Tensor(zeros: [2, 2])
        c.assignProduct(a, b)
        #expect(c.values == [58, 64, 139, 154])
        c.assignProduct(a, b, accumulate: true)
        #expect(c.values == [116, 128, 278, 308])
        let at = Tensor(shape: [3, 2], values: [1, 4, 2, 5, 3, 6])   // a transposed
        let bt = Tensor(shape: [2, 3], values: [7, 9, 11, 8, 10, 12]) // b transposed
        c.assignProduct(at, transposeA: true, bt, transposeB: true)
        #expect(c.values == [58, 64, 139, 154])
    }

    @Test func gemvAndThreads() {
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let x = Tensor(shape: [3], values: [1, 0, -1])
        let y = Tensor(zeros: [2])
        BLAS.gemv(a.pointer, rows: 2, columns: 3, x.pointer, y.pointer)
        #expect(y.values == [-2, -2])
        BLAS.threads = 1
        #expect(BLAS.threads == 1)
    }
}

@Suite struct VectorTimesMatrixTests {
    /// One-row products go through gemv; all four transpose cases agree with the definition.
    @Test(arguments: [false, true])
    func oneRowProductsMatchTheDefinition(transposeB: Bool) {
        var generator = SplitMix64(seed: 31)
        let (k, n) = (37, 23)
        let a = Tensor(zeros: [1, k]), b = Tensor(zeros: transposeB ? [n, k] : [k, n]), c = Tensor(zeros: [1, n])
        a.fillUniform(bound: 1, using: &generator)
        b.fillUniform(bound: 1, using: &generator)
        c.fill(1)
        BLAS.gemm(a.pointer, b.pointer, transposeB: transposeB, c.pointer, m: 1, n: n, k: k, alpha: 2, beta: 0.5)
        for j in 0..<n {
            let dot = (0..<k).reduce(Float(0)) { $0 + a[0, $1] * (transposeB ? b[j, $1] : b[$1, j]) }
            #expect(abs(c[0, j] - (2 * dot + 0.5)) < 1e-4)
        }
    }

    /// `gemv` (Quill's AVX2 kernel where the CPU has it) against a Double reference for row counts
    /// around its blocks of four and column counts around its blocks of 16 and 8; with beta 0 a NaN
    /// already in `y` is overwritten; each row equals the same row multiplied alone, bit for bit.
    @Test func matrixVectorProductsMatchDoublesForEveryShape() {
        var generator = SplitMix64(seed: 32)
        for rows in [1, 2, 3, 4, 5, 7, 8, 9, 13] {
            for columns in [1, 3, 7, 8, 9, 15, 16, 17, 24, 31, 33, 64, 300] {
                let w = Tensor(zeros: [rows, columns]), x = Tensor(zeros: [columns]), y = Tensor(zeros: [rows])
                w.fillUniform(bound: 1, using: &generator)
                x.fillUniform(bound: 1, using: &generator)
                let dots = (0..<rows).map { r in (0..<columns).reduce(0.0) { $0 + Double(w[r, $1]) * Double(x[$1]) } }
                let scale = (0..<rows).map { r in (0..<columns).reduce(0.0) { $0 + abs(Double(w[r, $1]) * Double(x[$1])) } }
                y.fill(.nan)
                BLAS.gemv(w.pointer, rows: rows, columns: columns, x.pointer, y.pointer)
                for r in 0..<rows {
                    #expect(abs(Double(y[r]) - dots[r]) <= 1e-6 * scale[r] + 1e-7, "\(rows)x\(columns) row \(r)")
                }
                let alone = Tensor(zeros: [1])
                for r in 0..<rows {
                    BLAS.gemv(w.pointer + r * columns, rows: 1, columns: columns, x.pointer, alone.pointer)
                    #expect(alone[0] == y[r], "\(rows)x\(columns) row \(r) alone")
                }
                let before = y.values
                BLAS.gemv(w.pointer, rows: rows, columns: columns, x.pointer, y.pointer, alpha: 2, beta: 0.5)
                for r in 0..<rows {
                    let expected = 2 * dots[r] + 0.5 * Double(before[r])
                    #expect(abs(Double(y[r]) - expected) <= 3e-6 * scale[r] + 1e-6, "\(rows)x\(columns) row \(r), alpha and beta")
                }
            }
        }
    }
}
