import Testing
import _BLAS

/// The recurrent core multiplies through cblas; this pins that OpenBLAS links and computes.
@Suite struct BLASLinkTests {
    @Test func sgemmMultipliesRowMajorMatrices() {
        let a: [Float] = [1, 2, 3, 4, 5, 6]          // 2 x 3
        let b: [Float] = [7, 8, 9, 10, 11, 12]       // 3 x 2
        var c = [Float](repeating: 0, count: 4)      // 2 x 2
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1, a, 3, b, 2, 0, &c, 2)
        #expect(c == [58, 64, 139, 154])
    }

    @Test func threadCountIsSettable() {
        openblas_set_num_threads(1)
        #expect(openblas_get_num_threads() == 1)
    }
}
