/// Additive (Bahdanau) attention over a padded, time-major batch of keys.
///
///     score(i, j)  = v · tanh(W_q q_i + W_k k_j + b)
///     weight(i, ·) = softmax of the scores over the valid keys j < lengths[b] (0 for the others)
///     context_i    = Σ_j weight(i, j) k_j
///
/// Shapes (Tq queries, Tk keys, B sequences, Q/K features, A attention units): queries
/// `[Tq, B, Q]`, keys `[Tk, B, K]`, context `[Tq, B, K]`, weights `[Tq, B, Tk]`; parameters
/// `queryWeight [A, Q]`, `keyWeight [A, K]`, `bias [A]`, `scoreVector [A]`. Self-attention passes
/// the same tensor as queries and keys (and adds the two gradients `backward` returns). Queries at
/// padded steps still get a context (over the valid keys); the loss masks them.
///
/// Forward projects all queries with one GEMM and all keys with another, then for each query runs
/// one vectorised add-and-tanh pass over its `[valid keys, A]` block, and takes all scores with one
/// GEMV; it keeps the tanh values (`[Tq, B, Tk, A]`) for backward. `backward` adds into the
/// `grad...` tensors and returns the query and key gradients.
public final class AdditiveAttention {
    public let querySize: Int
    public let keySize: Int
    public let attentionSize: Int

    public let queryWeight: Tensor
    public let keyWeight: Tensor
    public let bias: Tensor
    public let scoreVector: Tensor
    public let gradQueryWeight: Tensor
    public let gradKeyWeight: Tensor
    public let gradBias: Tensor
    public let gradScoreVector: Tensor

    private var cache: Cache?

    /// What forward keeps for backward.
    private struct Cache {
        let queries: Tensor   // [Tq, B, Q]
        let keys: Tensor      // [Tk, B, K]
        let lengths: [Int]
        let hidden: Tensor    // [Tq, B, Tk, A] tanh(W_q q_i + W_k k_j + b); zero at masked keys
        let weights: Tensor   // [Tq, B, Tk]
    }

    /// Attention with zero parameters (load or initialise them before use).
    public init(querySize: Int, keySize: Int, attentionSize: Int) {
        precondition(querySize > 0 && keySize > 0 && attentionSize > 0, "AdditiveAttention: sizes must be positive")
        self.querySize = querySize
        self.keySize = keySize
        self.attentionSize = attentionSize
        queryWeight = Tensor(zeros: [attentionSize, querySize])
        keyWeight = Tensor(zeros: [attentionSize, keySize])
        bias = Tensor(zeros: [attentionSize])
        scoreVector = Tensor(zeros: [attentionSize])
        gradQueryWeight = Tensor(zeros: [attentionSize, querySize])
        gradKeyWeight = Tensor(zeros: [attentionSize, keySize])
        gradBias = Tensor(zeros: [attentionSize])
        gradScoreVector = Tensor(zeros: [attentionSize])
    }

    /// Uniform in ±1/sqrt(fan_in), as PyTorch's `nn.Linear`: `queryWeight` fan-in Q, `keyWeight`
    /// and `bias` K (the bias of an `nn.Linear(K, A)` key projection), `scoreVector` A.
    public func initialize(using generator: inout SplitMix64) {
        queryWeight.fillUniform(bound: 1 / Float(querySize).squareRoot(), using: &generator)
        keyWeight.fillUniform(bound: 1 / Float(keySize).squareRoot(), using: &generator)
        bias.fillUniform(bound: 1 / Float(keySize).squareRoot(), using: &generator)
        scoreVector.fillUniform(bound: 1 / Float(attentionSize).squareRoot(), using: &generator)
    }

    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] {
        [("query_weight", queryWeight, gradQueryWeight), ("key_weight", keyWeight, gradKeyWeight),
         ("bias", bias, gradBias), ("score_vector", scoreVector, gradScoreVector)]
    }

    /// Attends from every query to the valid keys of its sequence.
    /// - Parameters:
    ///   - queries: `[Tq, B, Q]`.
    ///   - keys: `[Tk, B, K]` (may be the same tensor as `queries`).
    ///   - lengths: valid keys per sequence, each in `0...Tk` (a sequence with none gets zero
    ///     weights and a zero context).
    /// - Returns: `context [Tq, B, K]` and `weights [Tq, B, Tk]`.
    public func forward(queries: Tensor, keys: Tensor, lengths: [Int]) -> (context: Tensor, weights: Tensor) {
        precondition(queries.rank == 3 && queries.shape[2] == querySize, "AdditiveAttention.forward: queries \(queries.shape), expected [Tq, B, \(querySize)]")
        precondition(keys.rank == 3 && keys.shape[2] == keySize && keys.shape[1] == queries.shape[1], "AdditiveAttention.forward: keys \(keys.shape), expected [Tk, \(queries.shape[1]), \(keySize)]")
        let (queryCount, batch, keyCount, width, keyWidth) = (queries.shape[0], queries.shape[1], keys.shape[0], attentionSize, keySize)
        precondition(lengths.count == batch && lengths.allSatisfy { $0 >= 0 && $0 <= keyCount }, "AdditiveAttention.forward: lengths \(lengths) for [Tk: \(keyCount), B: \(batch)]")

        // W_q q_i + b for all queries, W_k k_j for all keys: one GEMM each.
        let projectedQueries = Tensor(zeros: [queryCount * batch, width])
        let pq = projectedQueries.pointer
        for row in 0..<(queryCount * batch) { (pq + row * width).update(from: bias.pointer, count: width) }
        BLAS.gemm(queries.pointer, queryWeight.pointer, transposeB: true, pq,
                  m: queryCount * batch, n: width, k: querySize, beta: 1)
        let projectedKeys = Tensor(zeros: [keyCount * batch, width])
        let pk = projectedKeys.pointer
        BLAS.gemm(keys.pointer, keyWeight.pointer, transposeB: true, pk, m: keyCount * batch, n: width, k: keySize)

        // tanh(W_q q_i + W_k k_j + b) for the valid keys; masked rows stay zero.
        let hidden = Tensor(zeros: [queryCount, batch, keyCount, width])
        for i in 0..<queryCount {
            for b in 0..<batch where lengths[b] > 0 {
                let row = i * batch + b
                let q = pq + row * width, h = hidden.pointer + row * keyCount * width
                for j in 0..<lengths[b] { Self.add(q, pk + (j * batch + b) * width, into: h + j * width, count: width) }
                VectorMath.tanh(h, count: lengths[b] * width)
            }
        }

        // Scores of every (query, key) pair at once, then a softmax over each query's valid keys.
        let weights = Tensor(zeros: [queryCount, batch, keyCount])
        let w = weights.pointer
        BLAS.gemv(hidden.pointer, rows: queryCount * batch * keyCount, columns: width, scoreVector.pointer, w)
        for i in 0..<queryCount {
            for b in 0..<batch {
                let scores = w + (i * batch + b) * keyCount, length = lengths[b]
                for j in length..<keyCount { scores[j] = 0 }
                VectorMath.softmax(scores, count: length)
            }
        }

        // context_b [Tq, K] = weights_b [Tq, L] x keys_b [L, K], one GEMM per sequence.
        let context = Tensor(zeros: [queryCount, batch, keyWidth])
        for b in 0..<batch where lengths[b] > 0 {
            BLAS.gemm(w + b * keyCount, lda: batch * keyCount, keys.pointer + b * keyWidth, ldb: batch * keyWidth,
                      context.pointer + b * keyWidth, ldc: batch * keyWidth, m: queryCount, n: keyWidth, k: lengths[b])
        }
        cache = Cache(queries: queries, keys: keys, lengths: lengths, hidden: hidden, weights: weights)
        return (context, weights)
    }

    /// Adds the parameter gradients into the `grad...` tensors and returns the gradients of the
    /// queries `[Tq, B, Q]` and keys `[Tk, B, K]` of the last forward (for self-attention, the
    /// caller adds the two).
    public func backward(contextGradient: Tensor) -> (queries: Tensor, keys: Tensor) {
        guard let cache else { preconditionFailure("AdditiveAttention.backward before forward") }
        let (queries, keys, lengths, hidden, weights) = (cache.queries, cache.keys, cache.lengths, cache.hidden, cache.weights)
        let (queryCount, batch, keyCount, width, keyWidth) = (queries.shape[0], queries.shape[1], keys.shape[0], attentionSize, keySize)
        precondition(contextGradient.shape == [queryCount, batch, keyWidth], "AdditiveAttention.backward: gradient \(contextGradient.shape), expected [\(queryCount), \(batch), \(keyWidth)]")
        let dContext = contextGradient.pointer, w = weights.pointer

        // Through context = weights x keys: dWeights_b = dContext_b keys_b^T, dKeys_b = weights_b^T dContext_b.
        let keyGradient = Tensor(zeros: keys.shape)
        let dScores = Tensor(zeros: [queryCount, batch, keyCount])   // dL/dweights, then dL/dscores in place
        let ds = dScores.pointer
        for b in 0..<batch where lengths[b] > 0 {
            BLAS.gemm(dContext + b * keyWidth, lda: batch * keyWidth, keys.pointer + b * keyWidth, transposeB: true, ldb: batch * keyWidth,
                      ds + b * keyCount, ldc: batch * keyCount, m: queryCount, n: lengths[b], k: keyWidth)
            BLAS.gemm(w + b * keyCount, transposeA: true, lda: batch * keyCount, dContext + b * keyWidth, ldb: batch * keyWidth,
                      keyGradient.pointer + b * keyWidth, ldc: batch * keyWidth, m: lengths[b], n: keyWidth, k: queryCount)
        }

        // Softmax: dScore_j = w_j (dWeight_j - Σ_k w_k dWeight_k); masked keys stay zero.
        for row in 0..<(queryCount * batch) {
            let length = lengths[row % batch]
            let weight = w + row * keyCount, d = ds + row * keyCount
            var total: Float = 0
            for j in 0..<length { total += weight[j] * d[j] }
            for j in 0..<length { d[j] = weight[j] * (d[j] - total) }
        }

        // score = v · h: dv = Σ dScore h (one GEMV over all pairs); dPre = dScore v (1 - h²),
        // summed over keys for each query and over queries for each key.
        BLAS.gemv(hidden.pointer, transpose: true, rows: queryCount * batch * keyCount, columns: width, ds, gradScoreVector.pointer, beta: 1)
        let dProjectedQueries = Tensor(zeros: [queryCount * batch, width])
        let dProjectedKeys = Tensor(zeros: [keyCount * batch, width])
        for i in 0..<queryCount {
            for b in 0..<batch where lengths[b] > 0 {
                let row = i * batch + b
                let dq = dProjectedQueries.pointer + row * width, h = hidden.pointer + row * keyCount * width
                for j in 0..<lengths[b] {
                    Self.accumulateTanhGradient(scale: ds[row * keyCount + j], vector: scoreVector.pointer, tanh: h + j * width,
                                                into: dq, and: dProjectedKeys.pointer + (j * batch + b) * width, count: width)
                }
            }
        }

        // Through the projections, as Linear: the bias took part in every query's projection.
        for row in 0..<(queryCount * batch) { BLAS.axpy(dProjectedQueries.pointer + row * width, gradBias.pointer, count: width) }
        BLAS.gemm(dProjectedQueries.pointer, transposeA: true, queries.pointer, gradQueryWeight.pointer,
                  m: width, n: querySize, k: queryCount * batch, beta: 1)
        let queryGradient = Tensor(zeros: queries.shape)
        BLAS.gemm(dProjectedQueries.pointer, queryWeight.pointer, queryGradient.pointer, m: queryCount * batch, n: querySize, k: width)
        BLAS.gemm(dProjectedKeys.pointer, transposeA: true, keys.pointer, gradKeyWeight.pointer,
                  m: width, n: keySize, k: keyCount * batch, beta: 1)
        BLAS.gemm(dProjectedKeys.pointer, keyWeight.pointer, keyGradient.pointer, m: keyCount * batch, n: keySize, k: width, beta: 1)
        return (queryGradient, keyGradient)
    }

    private typealias Vector = SIMD16<Float>

    /// `z = x + y` over `count` floats, 16 at a time.
    @inline(__always)
    private static func add(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, into z: UnsafeMutablePointer<Float>, count: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y), rz = UnsafeMutableRawPointer(z)
        var c = 0
        while c + 16 <= count {
            let sum = rx.loadUnaligned(fromByteOffset: c * 4, as: Vector.self) + ry.loadUnaligned(fromByteOffset: c * 4, as: Vector.self)
            rz.storeBytes(of: sum, toByteOffset: c * 4, as: Vector.self)
            c += 16
        }
        while c < count {
            z[c] = x[c] + y[c]
            c += 1
        }
    }

    /// `d = scale * vector * (1 - tanh²)`, added into both `first` and `second` (`count` floats).
    @inline(__always)
    private static func accumulateTanhGradient(scale: Float, vector: UnsafePointer<Float>, tanh: UnsafePointer<Float>,
                                               into first: UnsafeMutablePointer<Float>, and second: UnsafeMutablePointer<Float>,
                                               count: Int) {
        let rv = UnsafeRawPointer(vector), rh = UnsafeRawPointer(tanh)
        let r1 = UnsafeMutableRawPointer(first), r2 = UnsafeMutableRawPointer(second)
        let s = Vector(repeating: scale)
        var c = 0
        while c + 16 <= count {
            let h = rh.loadUnaligned(fromByteOffset: c * 4, as: Vector.self)
            let d = s * rv.loadUnaligned(fromByteOffset: c * 4, as: Vector.self) * (1 - h * h)
            r1.storeBytes(of: r1.loadUnaligned(fromByteOffset: c * 4, as: Vector.self) + d, toByteOffset: c * 4, as: Vector.self)
            r2.storeBytes(of: r2.loadUnaligned(fromByteOffset: c * 4, as: Vector.self) + d, toByteOffset: c * 4, as: Vector.self)
            c += 16
        }
        while c < count {
            let d = scale * vector[c] * (1 - tanh[c] * tanh[c])
            first[c] += d
            second[c] += d
            c += 1
        }
    }
}
