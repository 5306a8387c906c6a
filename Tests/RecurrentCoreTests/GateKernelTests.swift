@testable import RecurrentCore
import Testing
import _TestSupport

/// The gate passes' AVX2 versions (`_VectorKernels`) against the portable Swift code, for every
/// cell, forward and backward, with unit counts that leave every tail length of an 8-lane block,
/// inputs from small to saturating, and with and without an upstream gradient. They may differ by
/// the rounding of fused multiply-adds, nothing more.
@Suite struct GateKernelTests {
    static let counts = Array(1...19) + [31, 64, 100]

    /// Runs `pass` on copies of `buffers` with the vectorised and the portable code, and compares
    /// every buffer afterwards.
    static func compareBothPaths(_ label: String, _ buffers: [[Float]],
                                 _ pass: ([UnsafeMutablePointer<Float>], Bool) -> Void) {
        func run(portable: Bool) -> [[Float]] {
            let pointers = buffers.map { buffer in
                let pointer = UnsafeMutablePointer<Float>.allocate(capacity: buffer.count)
                pointer.initialize(from: buffer, count: buffer.count)
                return pointer
            }
            defer { pointers.forEach { $0.deallocate() } }
            pass(pointers, portable)
            return zip(pointers, buffers).map { Array(UnsafeBufferPointer(start: $0, count: $1.count)) }
        }
        let (vectorized, portable) = (run(portable: false), run(portable: true))
        for (index, (v, p)) in zip(vectorized, portable).enumerated() {
            let comparison = compare(v, p, relative: 2e-6, absolute: 1e-6)
            #expect(comparison.agrees, "\(label), buffer \(index): \(comparison)")
        }
    }

    static func random(_ count: Int, scale: Float, _ generator: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in Float.random(in: -scale...scale, using: &generator) }
    }

    @Test(arguments: [RecurrentCell.rnn, .lstm, .gru])
    func vectorizedPassesAgreeWithThePortableCode(cell: RecurrentCell) {
        var generator = SplitMix64(seed: 11)
        for count in Self.counts {
            for scale: Float in [0.3, 3, 30] {
                let gates = cell.gateCount * count
                let label = "\(cell) H=\(count) scale \(scale)"
                let inputs = [Self.random(gates, scale: scale, &generator), Self.random(gates, scale: scale, &generator),
                              Self.random(count, scale: 1, &generator), Self.random(count, scale: scale, &generator),
                              Self.random(count, scale: 1, &generator), Self.random(count, scale: 1, &generator)]
                // Forward: gates, recurrent, hidden, cell, tanhCell / hiddenBiasN, hiddenN.
                Self.compareBothPaths("forward \(label)", inputs) { p, portable in
                    switch cell {
                    case .rnn: GateKernels.rnn(p[0], p[1], hidden: p[2], count: count, portable: portable)
                    case .lstm: GateKernels.lstm(p[0], p[1], hidden: p[2], cell: p[3], tanhCell: p[4], count: count, portable: portable)
                    case .gru: GateKernels.gru(p[0], p[1], hiddenBiasN: p[3], hidden: p[2], hiddenN: p[4], count: count, portable: portable)
                    }
                }
                // Backward from activated gates (in 0...1, as forward leaves them).
                let activated = (0..<gates).map { _ in Float.random(in: 0...1, using: &generator) }
                let gradients = [activated, Self.random(count, scale: 1, &generator), Self.random(count, scale: 1, &generator),
                                 Self.random(count, scale: scale, &generator), Self.random(count, scale: scale, &generator),
                                 Self.random(count, scale: 1, &generator), [Float](repeating: 0, count: gates),
                                 [Float](repeating: 0, count: gates)]
                for withUpstream in [false, true] {
                    Self.compareBothPaths("backward \(label) upstream \(withUpstream)", gradients) { p, portable in
                        let upstream = withUpstream ? UnsafePointer(p[4]) : nil
                        switch cell {
                        case .rnn:
                            GateKernels.rnnBackward(gates: p[0], upstream: upstream, hiddenGradient: p[3], gateGradient: p[6],
                                                    count: count, portable: portable)
                        case .lstm:
                            GateKernels.lstmBackward(gates: p[0], tanhCell: p[1], previousCell: p[2], upstream: upstream,
                                                     hiddenGradient: p[3], cellGradient: p[5], gateGradient: p[6],
                                                     count: count, portable: portable)
                        case .gru:
                            GateKernels.gruBackward(gates: p[0], previousHidden: p[1], hiddenN: p[2], upstream: upstream,
                                                    hiddenGradient: p[3], gateGradient: p[6], hiddenGateGradient: p[7],
                                                    count: count, portable: portable)
                        }
                    }
                }
            }
        }
    }

    /// A NaN in a gate's input reaches the new hidden state on both paths (training stops on it).
    @Test(arguments: [RecurrentCell.rnn, .lstm, .gru], [false, true])
    func aNaNInputReachesTheHiddenState(cell: RecurrentCell, portable: Bool) {
        let count = 11
        for gate in 0..<cell.gateCount {
            var gates = [Float](repeating: 0.5, count: cell.gateCount * count)
            gates[gate * count + 9] = .nan
            let recurrent = [Float](repeating: 0.25, count: cell.gateCount * count), biasN = [Float](repeating: 0, count: count)
            var hidden = [Float](repeating: 0.1, count: count), state = [Float](repeating: 0.2, count: count)
            switch cell {
            case .rnn: GateKernels.rnn(&gates, recurrent, hidden: &hidden, count: count, portable: portable)
            case .lstm: GateKernels.lstm(&gates, recurrent, hidden: &hidden, cell: &state, tanhCell: nil, count: count, portable: portable)
            case .gru: GateKernels.gru(&gates, recurrent, hiddenBiasN: biasN, hidden: &hidden, hiddenN: nil, count: count, portable: portable)
            }
            #expect(hidden[9].isNaN, "\(cell) gate block \(gate)")
            #expect(hidden.enumerated().allSatisfy { $0.offset == 9 || !$0.element.isNaN }, "\(cell) gate block \(gate)")
        }
    }
}
