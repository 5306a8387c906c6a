/// A row-major, contiguous view of `Float`s: a storage, an offset into it and a shape.
///
/// Shapes follow the recurrent core's conventions: sequences are time-major `[T, B, features]`,
/// weights are `[out, in]` as in PyTorch. Views (`slice`, `reshaped`) share storage; `copy()` makes
/// an independent tensor.
///
///     let x = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
///     x[1, 2]            // 6
///     x.slice(1).values  // [4, 5, 6]
public struct Tensor: @unchecked Sendable {
    public let storage: TensorStorage
    /// Elements before this view's first element in `storage`.
    public let offset: Int
    public let shape: [Int]
    /// The number of elements (the product of `shape`; 1 for a scalar of shape `[]`).
    public let count: Int

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        let count = Self.elementCount(shape)
        self.init(storage: TensorStorage(count: count), offset: 0, shape: shape)
    }

    /// A tensor whose values are unspecified until written: only for results the caller writes in
    /// full before anything reads them.
    init(unspecified shape: [Int]) {
        let count = Self.elementCount(shape)
        self.init(storage: TensorStorage(count: count, zeroed: false), offset: 0, shape: shape)
    }

    /// A tensor holding `values` in row-major order.
    public init(shape: [Int], values: [Float]) {
        precondition(values.count == Self.elementCount(shape), "Tensor: \(values.count) values for shape \(shape)")
        self.init(zeros: shape)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A view of `storage` from `offset`.
    public init(storage: TensorStorage, offset: Int, shape: [Int]) {
        let count = Self.elementCount(shape)
        precondition(offset >= 0 && offset + count <= storage.count, "Tensor: view [\(offset), \(offset + count)) outside storage of \(storage.count)")
        self.storage = storage
        self.offset = offset
        self.shape = shape
        self.count = count
    }

    static func elementCount(_ shape: [Int]) -> Int {
        shape.reduce(1) { precondition($1 >= 0, "Tensor: negative dimension in \(shape)"); return $0 * $1 }
    }

    /// The first element: kernels take this once and index from it.
    public var pointer: UnsafeMutablePointer<Float> { storage.pointer + offset }

    public var rank: Int { shape.count }

    /// The elements, copied out in row-major order.
    public var values: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// The sub-tensor at `index` along the first axis (a view): `[T, B, H]` -> `[B, H]`.
    public func slice(_ index: Int) -> Tensor {
        precondition(rank >= 1 && index >= 0 && index < shape[0], "Tensor.slice(\(index)) of shape \(shape)")
        let inner = Array(shape.dropFirst())
        return Tensor(storage: storage, offset: offset + index * Self.elementCount(inner), shape: inner)
    }

    /// Rows `range` along the first axis (a view).
    public func slice(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0], "Tensor.slice(\(range)) of shape \(shape)")
        var inner = shape
        inner[0] = range.count
        return Tensor(storage: storage, offset: offset + range.lowerBound * (count / max(shape[0], 1)), shape: inner)
    }

    /// The same elements under another shape with the same count (a view).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(Self.elementCount(newShape) == count, "Tensor.reshaped: \(shape) has \(count) elements, \(newShape) needs \(Self.elementCount(newShape))")
        return Tensor(storage: storage, offset: offset, shape: newShape)
    }

    /// An independent copy.
    public func copy() -> Tensor {
        let result = Tensor(zeros: shape)
        result.pointer.update(from: pointer, count: count)
        return result
    }

    /// Element access by full index (for tests and small code, not for kernels).
    public subscript(_ indices: Int...) -> Float {
        get { pointer[flatIndex(indices)] }
        nonmutating set { pointer[flatIndex(indices)] = newValue }
    }

    private func flatIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == rank, "Tensor: \(indices.count) indices for shape \(shape)")
        var flat = 0
        for (index, size) in zip(indices, shape) {
            precondition(index >= 0 && index < size, "Tensor: index \(indices) out of shape \(shape)")
            flat = flat * size + index
        }
        return flat
    }

    /// Sets every element to `value`.
    public func fill(_ value: Float) {
        pointer.update(repeating: value, count: count)
    }

    /// Sets every element of every tensor to 0 (a network's gradients before a training step), on
    /// both threads when the tensors hold enough floats together, each thread taking a share of
    /// every tensor (``Parallelism/forEachShare(of:floatsPerElement:_:)``).
    public static func zero(_ tensors: [Tensor]) {
        Parallelism.forEachShare(of: tensors.map(\.count), floatsPerElement: 1) { index, share in
            (tensors[index].pointer + share.lowerBound).update(repeating: 0, count: share.count)
        }
    }

    /// Copies the elements of `source` (same count) into this tensor.
    public func assign(_ source: Tensor) {
        precondition(source.count == count, "Tensor.assign: \(source.shape) into \(shape)")
        pointer.update(from: source.pointer, count: count)
    }
}
