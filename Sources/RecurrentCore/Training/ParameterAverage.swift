/// An exponential moving average of the parameters (Polyak averaging), kept beside the trained
/// values. After update `t` (from 1) every average moves toward its parameter:
///
///     a = d a + (1 - d) p,   d = min(decay, (1 + t) / (10 + t))
///
/// The warm-up in `d` (TensorFlow's `ExponentialMovingAverage` with `num_updates`) keeps the first
/// averages from being dominated by the initial weights: `d` is 0.18 at the first update, 0.9 at
/// the 80th, and `decay` from there on. The averages start as copies of the parameters.
///
/// ``exchange()`` swaps every parameter's values with its average in place, so the model's
/// layers (and anything they derived from the weights, which compares the values it derived
/// from) see the averaged weights until the next ``exchange()``. The ``Trainer`` validates and
/// saves the averaged model this way, then swaps back and goes on training.
final class ParameterAverage {
    let decay: Float
    private let parameters: [Tensor]
    /// The averages, in the order of the parameters and with their shapes.
    let averages: [Tensor]
    /// Each parameter's element count.
    private let counts: [Int]

    /// `decay` in (0, 1): the weight of the old average at each update; about `1 / (1 - decay)`
    /// updates make up most of the average.
    init(decay: Float, parameters: [Tensor]) {
        precondition(decay > 0 && decay < 1, "ParameterAverage: decay \(decay) outside (0, 1)")
        self.decay = decay
        self.parameters = parameters
        averages = parameters.map { $0.copy() }
        counts = parameters.map(\.count)
    }

    /// Moves the averages toward the parameters after update `update` (1 for the first). It runs
    /// after every training step, so the threads each take a share of every parameter (each
    /// element on its own: the same result for any split).
    func accumulate(update: Int) {
        let d = min(decay, Float(1 + update) / Float(10 + update))
        let keep = 1 - d
        let (parameters, averages) = (parameters, averages)
        Parallelism.forEachShare(of: counts, floatsPerElement: 2) { index, range in   // p and a
            let p = parameters[index].pointer, a = averages[index].pointer
            for i in range { a[i] += keep * (p[i] - a[i]) }
        }
    }

    /// Swaps each parameter's values with its average.
    func exchange() {
        for (parameter, average) in zip(parameters, averages) {
            let p = parameter.pointer, a = average.pointer
            for i in 0..<parameter.count {
                let value = p[i]
                p[i] = a[i]
                a[i] = value
            }
        }
    }

    /// Runs `body` with the averaged values in the parameters, and swaps them back after.
    func withAveragedParameters<Result>(_ body: () throws -> Result) rethrows -> Result {
        exchange()
        defer { exchange() }
        return try body()
    }
}
