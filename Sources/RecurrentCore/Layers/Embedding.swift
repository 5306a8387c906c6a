/// A lookup table of vectors, one row per id, as PyTorch's `nn.Embedding`.
///
/// Shapes: ids `N` (a time-major `[T, B]` batch flattened), output `[N, E]` (reshape it to
/// `[T, B, E]`), `weight [V, E]`, `gradWeight [V, E]`.
///
/// The gradient is sparse: a batch touches a few rows of a large vocabulary, so `backward` adds
/// only those rows into `gradWeight`, remembers them in `touchedRows`, and `zeroGradients()`
/// clears only them (no dense pass over `[V, E]` per batch). The padding id, when given, gets no
/// gradient, so its row keeps its value (zero after `initialize`), as in PyTorch.
///
///     let embedding = Embedding(vocabularySize: 100, embeddingSize: 8, paddingIndex: 0)
///     embedding.initialize(using: &generator)
///     let x = embedding.forward(ids).reshaped([steps, batch, 8])
public final class Embedding {
    public let vocabularySize: Int
    public let embeddingSize: Int
    public let paddingIndex: Int?
    public let weight: Tensor
    public let gradWeight: Tensor
    /// The rows `backward` has added into since the last `zeroGradients()`, sorted and unique.
    public private(set) var touchedRows: [Int] = []
    /// `isTouched[id]` mirrors `touchedRows`, for a constant-time check per id.
    private var isTouched: [Bool]
    private var ids: [Int32] = []

    /// A table of zeros (load or initialise it before use).
    public init(vocabularySize: Int, embeddingSize: Int, paddingIndex: Int? = nil) {
        precondition(vocabularySize > 0 && embeddingSize > 0, "Embedding: sizes must be positive, got \(vocabularySize) x \(embeddingSize)")
        if let paddingIndex {
            precondition(paddingIndex >= 0 && paddingIndex < vocabularySize, "Embedding: padding index \(paddingIndex) outside 0..<\(vocabularySize)")
        }
        self.vocabularySize = vocabularySize
        self.embeddingSize = embeddingSize
        self.paddingIndex = paddingIndex
        weight = Tensor(zeros: [vocabularySize, embeddingSize])
        gradWeight = Tensor(zeros: [vocabularySize, embeddingSize])
        isTouched = Array(repeating: false, count: vocabularySize)
    }

    /// PyTorch's default: every element N(0, 1), the padding row zero.
    public func initialize(using generator: inout SplitMix64) {
        weight.fillNormal(using: &generator)
        if let paddingIndex { row(paddingIndex).update(repeating: 0, count: embeddingSize) }
    }

    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] {
        [("weight", weight, gradWeight)]
    }

    /// The row of `id` in `weight` (`E` floats), for batch-1 inference without a copy.
    public func row(_ id: Int) -> UnsafeMutablePointer<Float> {
        precondition(id >= 0 && id < vocabularySize, "Embedding: id \(id) outside 0..<\(vocabularySize)")
        return weight.pointer + id * embeddingSize
    }

    /// The rows of `ids`: `[N, E]`. The padding id gives its row (zero unless it was changed).
    public func forward(_ ids: [Int32]) -> Tensor {
        let (width, vocabulary) = (embeddingSize, vocabularySize)
        let output = Tensor(zeros: [ids.count, width])
        let table = weight.pointer, out = output.pointer
        ids.withUnsafeBufferPointer { ids in
            for (n, id) in ids.enumerated() {
                let id = Int(id)
                precondition(id >= 0 && id < vocabulary, "Embedding.forward: id \(id) outside 0..<\(vocabulary)")
                (out + n * width).update(from: table + id * width, count: width)
            }
        }
        self.ids = ids
        return output
    }

    /// Adds the rows of `outputGradient` `[N, E]` into the rows of `gradWeight` of the ids of the
    /// last `forward` (repeated ids add up; the padding id adds nothing), and records them in
    /// `touchedRows`.
    public func backward(_ outputGradient: Tensor) {
        precondition(outputGradient.count == ids.count * embeddingSize, "Embedding.backward: gradient \(outputGradient.shape) for \(ids.count) ids of width \(embeddingSize)")
        let width = embeddingSize, padding = paddingIndex ?? -1
        let gradient = gradWeight.pointer, source = outputGradient.pointer
        var added = false
        ids.withUnsafeBufferPointer { ids in
            isTouched.withUnsafeMutableBufferPointer { isTouched in
                for (n, id) in ids.enumerated() where Int(id) != padding {
                    let id = Int(id)
                    let target = gradient + id * width, row = source + n * width
                    for j in 0..<width { target[j] += row[j] }
                    if !isTouched[id] {
                        isTouched[id] = true
                        touchedRows.append(id)
                        added = true
                    }
                }
            }
        }
        if added { touchedRows.sort() }
    }

    /// Zeroes the gradient rows touched since the last call (the rest are zero already, unless
    /// something else wrote into `gradWeight`).
    public func zeroGradients() {
        for id in touchedRows {
            (gradWeight.pointer + id * embeddingSize).update(repeating: 0, count: embeddingSize)
            isTouched[id] = false
        }
        touchedRows.removeAll(keepingCapacity: true)
    }
}
