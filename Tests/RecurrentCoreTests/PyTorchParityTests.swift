import Foundation
import RecurrentCore
import Testing
import _TestSupport

/// nn.RNN, nn.LSTM and nn.GRU fixtures (Scripts/parity/make_fixtures.py): the weights load by their
/// PyTorch names, and outputs, final states and every gradient match within 1e-5 relative.
@Suite struct PyTorchParityTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let cases = ["rnn", "lstm", "gru"].flatMap { cell in
        ["1layer", "2layer", "bidirectional", "padded"].map { "\(cell)_\($0)" }
    }

    static func expectClose(_ actual: Tensor, _ expected: Tensor, _ what: String) {
        #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape) vs \(expected.shape)")
        let comparison = compare(actual.values, expected.values, relative: 1e-5, absolute: 1e-6)
        #expect(comparison.agrees, "\(what): \(comparison)")
    }

    @Test(arguments: cases)
    func outputsAndGradientsMatchPyTorch(_ name: String) throws {
        let file = try SafeTensors(contentsOf: Self.fixtures.appendingPathComponent("\(name).safetensors").path)
        let metadata = file.metadata
        let cell = try #require(RecurrentCell(rawValue: metadata["cell"] ?? ""))
        let network = RecurrentNetwork(
            cell: cell, inputSize: Int(metadata["input_size"]!)!, hiddenSize: Int(metadata["hidden_size"]!)!,
            layers: Int(metadata["num_layers"]!)!, bidirectional: metadata["bidirectional"] == "true")
        for parameter in network.parameters { parameter.value.assign(try file.tensor(parameter.name)) }

        let lengths = try file.int64s("lengths").map { Int($0) }
        let initialCell = cell.hasCellState ? try file.tensor("c0") : nil
        let (output, hidden, finalCell) = network.forward(try file.tensor("input"), lengths: lengths,
                                                          initialHidden: try file.tensor("h0"), initialCell: initialCell)
        Self.expectClose(output, try file.tensor("output"), "\(name) output")
        Self.expectClose(hidden, try file.tensor("h_n"), "\(name) h_n")
        if cell.hasCellState { Self.expectClose(finalCell!, try file.tensor("c_n"), "\(name) c_n") }

        network.zeroGradients()
        let gradients = network.backward(outputGradient: try file.tensor("grad_output"),
                                         hiddenGradient: try file.tensor("grad_h_n"),
                                         cellGradient: cell.hasCellState ? try file.tensor("grad_c_n") : nil)
        Self.expectClose(gradients.input, try file.tensor("grad_input"), "\(name) grad_input")
        Self.expectClose(gradients.hidden, try file.tensor("grad_h0"), "\(name) grad_h0")
        if cell.hasCellState { Self.expectClose(gradients.cell!, try file.tensor("grad_c0"), "\(name) grad_c0") }
        for parameter in network.parameters {
            Self.expectClose(parameter.gradient, try file.tensor("grad.\(parameter.name)"), "\(name) grad.\(parameter.name)")
        }
    }
}
