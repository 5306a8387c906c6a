#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import _VectorKernels

/// Vectorised `exp`, `tanh` and `sigmoid` on `SIMD16<Float>`, and in-place passes over buffers.
///
/// Range reduction plus a polynomial (Cody–Waite reduction and the minimax coefficients of
/// Cephes' `expf`/`tanhf`), so a gate pass is a few vector instructions per 16 elements instead of
/// a libm call per element. Accuracy, checked against `Double` in the tests: `exp` within 2 ulp
/// over [-87, 88]; `tanh` and `sigmoid` within 3e-7 absolute everywhere.
public enum VectorMath {
    public typealias Vector = SIMD16<Float>

    /// e^x; inputs are clamped to [-87.3, 88.37], so the result is never infinite, NaN in gives NaN.
    @inlinable @inline(__always)
    public static func exp(_ x: Vector) -> Vector {
        // Comparisons and blends compile to vector instructions; `clamped`, `rounded(.down)` and
        // integer conversion of SIMD16 go lane by lane on the baseline x86-64 target.
        var clamped = x.replacing(with: -87.3, where: x .< -87.3)
        clamped = clamped.replacing(with: 88.37, where: clamped .> 88.37)   // below ln(Float.max): n stays <= 127
        // n = round(x / ln2) via the 1.5 * 2^23 trick: adding it leaves n in the low mantissa bits.
        let shifter: Float = 12_582_912
        let shifted = clamped * 1.442_695_04 + shifter
        let n = shifted - shifter
        // x = n ln2 + r, |r| <= ln2 / 2, with ln2 split in two for exactness.
        var r = clamped - n * 0.693_359_375
        r = r + n * 2.121_944_40e-4
        var p = Vector(repeating: 1.987_569_150_0e-4)
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let expR = p * (r * r) + r + 1
        // 2^n from the exponent bits: the low bits of `shifted` hold n + 0x40_0000.
        let integer = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
        let result = expR * unsafeBitCast((integer &+ 127) &<< 23, to: Vector.self)
        return result.replacing(with: x, where: x .!= x)   // keep NaN
    }

    /// tanh(x): a polynomial near 0 (no cancellation), `1 - 2 / (e^{2|x|} + 1)` elsewhere.
    @inlinable @inline(__always)
    public static func tanh(_ x: Vector) -> Vector {
        let magnitude = x.replacing(with: -x, where: x .< 0)
        let z = x * x
        var small = Vector(repeating: -5.704_988_727_45e-3)
        small = small * z + 2.063_908_879_54e-2
        small = small * z - 5.373_971_555_31e-2
        small = small * z + 1.333_144_220_36e-1
        small = small * z - 3.333_328_194_22e-1
        small = small * z * x + x
        let large = 1 - 2 / (exp(2 * magnitude) + 1)
        let signed = large.replacing(with: -large, where: x .< 0)
        return signed.replacing(with: small, where: magnitude .< 0.625)
    }

    /// 1 / (1 + e^-x).
    @inlinable @inline(__always)
    public static func sigmoid(_ x: Vector) -> Vector {
        1 / (1 + exp(-x))
    }

    /// Applies `function` to `count` floats at `pointer` in place, 16 at a time; the tail goes
    /// through the same vector code (padded), so every element gets the same rounding.
    @inlinable
    public static func apply(_ pointer: UnsafeMutablePointer<Float>, count: Int, _ function: (Vector) -> Vector) {
        let raw = UnsafeMutableRawPointer(pointer)
        var index = 0
        while index + 16 <= count {
            let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
            raw.storeBytes(of: function(value), toByteOffset: index * 4, as: Vector.self)
            index += 16
        }
        guard index < count else { return }
        var tail = Vector()
        withUnsafeMutableBytes(of: &tail) { $0.baseAddress!.copyMemory(from: pointer + index, byteCount: (count - index) * 4) }
        tail = function(tail)
        withUnsafeBytes(of: &tail) { (pointer + index).update(from: $0.baseAddress!.assumingMemoryBound(to: Float.self), count: count - index) }
    }

    /// Sigmoid of `count` floats in place.
    @inlinable
    public static func sigmoid(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
        apply(pointer, count: count, sigmoid)
    }

    /// tanh of `count` floats in place.
    @inlinable
    public static func tanh(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
        apply(pointer, count: count, tanh)
    }

    /// e^x of `count` floats in place.
    @inlinable
    public static func exp(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
        apply(pointer, count: count, exp)
    }

    /// The largest of `count` floats (`-infinity` for none; NaNs are passed over), 16 lanes at a time.
    @inlinable
    public static func maximum(_ pointer: UnsafePointer<Float>, count: Int) -> Float {
        let raw = UnsafeRawPointer(pointer)
        var lanes = Vector(repeating: -.infinity)
        var index = 0
        while index + 16 <= count {
            let value = raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self)
            lanes = lanes.replacing(with: value, where: value .> lanes)
            index += 16
        }
        var result = lanes.max()
        while index < count {
            if pointer[index] > result { result = pointer[index] }
            index += 1
        }
        return result
    }

    /// `e^(x - shift)` of `count` floats in place, returning their sum (in 16 partial sums, then
    /// the tail): one pass where an exp pass and a sum pass would read the buffer twice.
    @inlinable
    public static func exp(_ pointer: UnsafeMutablePointer<Float>, count: Int, shiftedBy shift: Float) -> Float {
        let raw = UnsafeMutableRawPointer(pointer)
        let shifts = Vector(repeating: shift)
        var lanes = Vector()
        var index = 0
        while index + 16 <= count {
            let value = exp(raw.loadUnaligned(fromByteOffset: index * 4, as: Vector.self) - shifts)
            raw.storeBytes(of: value, toByteOffset: index * 4, as: Vector.self)
            lanes += value
            index += 16
        }
        var sum = lanes.sum()
        guard index < count else { return sum }
        var tail = Vector(repeating: shift)   // padding: e^0, not added below
        withUnsafeMutableBytes(of: &tail) { $0.baseAddress!.copyMemory(from: pointer + index, byteCount: (count - index) * 4) }
        tail = exp(tail - shifts)
        for lane in 0..<(count - index) {
            pointer[index + lane] = tail[lane]
            sum += tail[lane]
        }
        return sum
    }

    /// Softmax of `count` floats in place (the maximum subtracted first, so nothing overflows);
    /// returns the log of the normaliser, `log Σ e^x`, so `log p_j = x_j - result`.
    ///
    /// Three vector passes: the maximum, `e^(x - max)` with its sum, and the scaling by `1 / Σ`. On
    /// a CPU with AVX2 and FMA they run in C at 8 lanes with fused multiply-adds (`_VectorKernels`,
    /// about 4x fewer instructions than the baseline target's SSE; a 10k-word softmax in ~5 µs),
    /// elsewhere in `portableSoftmax`. The two agree to a few ulp (the fused multiply-adds round
    /// once where the portable code rounds twice).
    @discardableResult
    public static func softmax(_ pointer: UnsafeMutablePointer<Float>, count: Int) -> Float {
        guard count > 0 else { return -.infinity }
        if hasAVX2 { return quill_softmax_avx2(pointer, count) }
        return portableSoftmax(pointer, count: count)
    }

    /// `softmax` on the portable SIMD16 code, whatever the CPU (the path tests compare with).
    @discardableResult
    public static func portableSoftmax(_ pointer: UnsafeMutablePointer<Float>, count: Int) -> Float {
        guard count > 0 else { return -.infinity }
        let maximum = Self.maximum(pointer, count: count)
        let sum = exp(pointer, count: count, shiftedBy: maximum)
        let scale = Vector(repeating: 1 / sum)
        apply(pointer, count: count) { $0 * scale }
        return maximum + logf(sum)
    }

    /// The `k` largest of `count` floats, largest first (top-k, as `torch.topk`): their positions
    /// into `indices` and their values into `values`, both `k` long and owned by the caller, so a
    /// step allocates nothing. Ties go to the lower position; NaNs and -infinity are passed over.
    /// Returns how many were found: `k`, unless `count` is smaller (or the values run out).
    ///
    ///     var ids = [Int32](repeating: 0, count: 3), best = [Float](repeating: 0, count: 3)
    ///     VectorMath.largest(probabilities, count: 10_000, k: 3, indices: &ids, values: &best)
    ///
    /// In C (`_VectorKernels`): a block of 16 values is first compared with the current k-th as one
    /// vector comparison, so 10k values cost about a microsecond.
    @discardableResult
    public static func largest(_ pointer: UnsafePointer<Float>, count: Int, k: Int,
                               indices: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>) -> Int {
        precondition(count >= 0 && k >= 0 && count <= Int(Int32.max), "VectorMath.largest: count \(count), k \(k)")
        return quill_largest(pointer, count, k, indices, values)
    }

    /// Whether `softmax` takes the AVX2 + FMA kernel (checked once).
    public static let hasAVX2 = quill_vector_avx2_available() != 0
}
