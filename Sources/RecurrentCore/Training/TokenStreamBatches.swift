/// The batches of truncated back-propagation through time over one long stream of ids (a
/// character or word language model's training text).
///
/// The stream is cut into `B` contiguous streams of `L = n / B` ids (the remainder is dropped);
/// batch `i` of an epoch reads ids `o + i*T ..< o + (i+1)*T` of every stream and predicts each
/// next one, so the hidden state can carry from batch to batch. The offset `o`, in `0 ..< T`,
/// changes from epoch to epoch (drawn from the seed; 0 in the first), so window boundaries fall in
/// new places. Batches depend only on (ids, T, B, seed, epoch, index): a resumed run sees the same.
public struct TokenStreamBatches: Sendable {
    /// T: ids per stream per batch.
    public let steps: Int
    /// B: streams side by side.
    public let batch: Int
    public let seed: UInt64
    let ids: [Int32]
    let streamLength: Int

    /// Nil when the stream is too short for one batch (`n / B < T + 1`).
    public init?(ids: [Int32], steps: Int, batch: Int, seed: UInt64) {
        guard steps > 0, batch > 0, ids.count / batch >= steps + 1 else { return nil }
        self.ids = ids
        self.steps = steps
        self.batch = batch
        self.seed = seed
        streamLength = ids.count / batch
    }

    /// The window offset of `epoch`.
    func offset(epoch: Int) -> Int {
        guard epoch > 0 else { return 0 }
        var generator = SplitMix64(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
        return Int(generator.next() % UInt64(min(steps, streamLength - steps)))
    }

    /// How many batches `epoch` has.
    public func count(epoch: Int) -> Int {
        (streamLength - 1 - offset(epoch: epoch)) / steps
    }

    /// Inputs and targets of batch `index` of `epoch`, time-major `[T*B]`.
    public func batch(epoch: Int, index: Int) -> (inputs: [Int32], targets: [Int]) {
        let start = offset(epoch: epoch) + index * steps
        var inputs = [Int32](repeating: 0, count: steps * batch)
        var targets = [Int](repeating: 0, count: steps * batch)
        ids.withUnsafeBufferPointer { text in
            for stream in 0..<batch {
                let base = stream * streamLength + start
                for t in 0..<steps {
                    inputs[t * batch + stream] = text[base + t]
                    targets[t * batch + stream] = Int(text[base + t + 1])
                }
            }
        }
        return (inputs, targets)
    }
}
