/// A contiguous, 64-byte aligned buffer of `Float`s, zero-initialised, owned by a class.
///
/// Tensors share storage by reference, so there is no copy-on-write and no uniqueness check in hot
/// loops: kernels take `pointer` once and work on raw memory.
public final class TensorStorage: @unchecked Sendable {
    /// Alignment in bytes: a cache line, and an AVX-512 vector.
    public static let alignment = 64

    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    public convenience init(count: Int) {
        self.init(count: count, zeroed: true)
    }

    /// Storage whose values are unspecified until written (`zeroed: false`): for a result that
    /// every element of is about to be written, where filling it with zeros first would be wasted.
    init(count: Int, zeroed: Bool) {
        precondition(count >= 0, "TensorStorage: negative element count \(count)")
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride,
                                                   alignment: Self.alignment)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        if zeroed { pointer.initialize(repeating: 0, count: max(count, 1)) }
    }

    deinit {
        UnsafeMutableRawPointer(pointer).deallocate()
    }
}
