#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small, fast, seedable generator (SplitMix64, Steele et al. 2014): every random choice in
/// Quill takes one, so `--seed` reproduces a run exactly. Its whole state is one `UInt64`, which a
/// checkpoint stores to resume the same stream.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable, Codable {
    public var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Float in [0, 1) with 24 random bits.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1 / Float(1 << 24))
    }

    /// A standard normal draw, N(0, 1), by Box–Muller from two uniform draws (in `Double`, so the
    /// tails are right to about 8.5 standard deviations). Each call consumes exactly two `next()`.
    public mutating func nextGaussian() -> Float {
        let u1 = Double((next() >> 11) + 1) * 0x1p-53   // (0, 1]: the logarithm stays finite
        let u2 = Double(next() >> 11) * 0x1p-53         // [0, 1)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}

extension Tensor {
    /// Fills the tensor with values uniform in `-bound ..< bound` (PyTorch's default recurrent and
    /// linear initialisation uses `bound = 1 / sqrt(fan)`).
    public func fillUniform(bound: Float, using generator: inout SplitMix64) {
        for i in 0..<count { pointer[i] = (2 * generator.nextUnitFloat() - 1) * bound }
    }

    /// Fills the tensor with draws from N(mean, standardDeviation²) (PyTorch's `nn.Embedding`
    /// initialisation is N(0, 1)).
    public func fillNormal(mean: Float = 0, standardDeviation: Float = 1, using generator: inout SplitMix64) {
        for i in 0..<count { pointer[i] = mean + standardDeviation * generator.nextGaussian() }
    }
}
