// The peers' models (../shared/peers/bench_torch.py) on RecurrentCore, with PyTorch's default
// initialisation, and the work per unit that RESULTS.md's "work/unit" column counts.
import RecurrentCore

/// `CharRNN` of bench_torch.py: embedding -> recurrent network -> linear, time-major here.
final class CharModel {
    let embedding: Embedding
    let network: RecurrentNetwork
    let output: Linear

    init(cell: RecurrentCell, vocabulary: Int, embeddingSize: Int, hiddenSize: Int, layers: Int,
         generator: inout SplitMix64) {
        embedding = Embedding(vocabularySize: vocabulary, embeddingSize: embeddingSize)
        network = RecurrentNetwork(cell: cell, inputSize: embeddingSize, hiddenSize: hiddenSize, layers: layers)
        output = Linear(inputSize: hiddenSize, outputSize: vocabulary)
        embedding.initialize(using: &generator)
        network.initialize(using: &generator)
        output.initialize(using: &generator)
    }

    var parameters: [(value: Tensor, gradient: Tensor)] {
        (embedding.parameters + network.parameters + output.parameters).map { ($0.value, $0.gradient) }
    }

    /// `optimizer.zero_grad()`.
    func zeroGradients() {
        embedding.zeroGradients()
        network.zeroGradients()
        output.gradWeight.fill(0)
        output.gradBias.fill(0)
    }
}

/// `NextWord` of bench_torch.py (W6): `Embedding(10k, 128)` -> GRU 256 -> `Linear(256, 10k)`,
/// PyTorch's default initialisation from seed 0 (every W6 row builds the same model).
final class NextWordModel {
    static let vocabulary = 10_000
    let embedding = Embedding(vocabularySize: NextWordModel.vocabulary, embeddingSize: 128)
    let network = RecurrentNetwork(cell: .gru, inputSize: 128, hiddenSize: 256)
    let output = Linear(inputSize: 256, outputSize: NextWordModel.vocabulary)

    init() {
        var generator = SplitMix64(seed: 0)
        embedding.initialize(using: &generator)
        network.initialize(using: &generator)
        output.initialize(using: &generator)
    }
}

/// Useful FLOPs, as RESULTS.md counts them: 2 x the multiply-adds of the matrix products (biases,
/// gate arithmetic, softmax and the optimizer not counted); a training step is 3 x its forward.
enum Work {
    /// Multiply-adds per time step and sequence of a stack of `layers` cells.
    static func recurrentMACs(_ cell: RecurrentCell, input: Int, hidden: Int, layers: Int) -> Double {
        var total = 0.0
        for layer in 0..<layers {
            total += Double(cell.gateCount * hidden * ((layer == 0 ? input : hidden) + hidden))
        }
        return total
    }

    /// Per character of a char model (W1, W2: training; W3: forward).
    static func charModel(_ cell: RecurrentCell, layers: Int, training: Bool) -> Double {
        let macs = recurrentMACs(cell, input: 64, hidden: 256, layers: layers) + 256 * 65
        return (training ? 3 : 1) * 2 * macs
    }

    /// Per W6 step: GRU 128 -> 256 and the 256 x 10k output layer.
    static let nextWord = 2 * (recurrentMACs(.gru, input: 128, hidden: 256, layers: 1) + 256 * 10_000)

    /// Per W7 sample: 10 steps of a 64-unit cell on 1 input, Dense(64 -> 1), trained.
    static func seed(_ cell: RecurrentCell) -> Double {
        3 * 2 * (10 * recurrentMACs(cell, input: 1, hidden: 64, layers: 1) + 64)
    }
}

extension RecurrentCell {
    /// The Keras layer name the seed documents use.
    var kerasName: String {
        switch self {
        case .rnn: "SimpleRNN"
        case .lstm: "LSTM"
        case .gru: "GRU"
        }
    }
}

/// `softmax(logits / temperature)` into `probabilities` (`count` floats), as
/// `F.softmax(logits / t, dim=-1)`: max, exp (vectorised), sum, normalise.
@inline(__always)
func softmax(_ logits: UnsafePointer<Float>, into probabilities: UnsafeMutablePointer<Float>, count: Int,
             temperature: Float = 1) {
    let scale = 1 / temperature
    for j in 0..<count { probabilities[j] = logits[j] * scale }
    VectorMath.softmax(probabilities, count: count)
}

/// One draw from `probabilities` (`torch.multinomial(p, 1)`): inverse CDF of a uniform draw.
@inline(__always)
func sample(_ probabilities: UnsafePointer<Float>, count: Int, using generator: inout SplitMix64) -> Int {
    let u = generator.nextUnitFloat()
    var cumulative: Float = 0
    for j in 0..<count {
        cumulative += probabilities[j]
        if u < cumulative { return j }
    }
    return count - 1
}

/// The three largest of `values` (`torch.topk(p, 3)`), best first; ties go to the lower index.
/// `VectorMath.largest`, into two tuples on the stack.
@inline(__always)
func top3(_ values: UnsafePointer<Float>, count: Int) -> (indices: (Int, Int, Int), values: (Float, Float, Float)) {
    var indices: (Int32, Int32, Int32) = (-1, -1, -1)
    var largest: (Float, Float, Float) = (-.infinity, -.infinity, -.infinity)
    withUnsafeMutablePointer(to: &indices) { indexTuple in
        withUnsafeMutablePointer(to: &largest) { valueTuple in
            // A homogeneous tuple is laid out as its elements in a row.
            let indexPointer = UnsafeMutableRawPointer(indexTuple).assumingMemoryBound(to: Int32.self)
            let valuePointer = UnsafeMutableRawPointer(valueTuple).assumingMemoryBound(to: Float.self)
            VectorMath.largest(values, count: count, k: 3, indices: indexPointer, values: valuePointer)
        }
    }
    return ((Int(indices.0), Int(indices.1), Int(indices.2)), largest)
}
