/// The recurrent cells, with PyTorch's equations, gate order and two-bias layout, so a PyTorch
/// state dict loads unchanged:
///
/// - `rnn`:  h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
/// - `lstm`: gates i, f, g, o = σ, σ, tanh, σ of (W_ih x + b_ih + W_hh h + b_hh);
///           c' = f c + i g, h' = o tanh(c')
/// - `gru`:  r, z = σ(W_i{r,z} x + b_i{r,z} + W_h{r,z} h + b_h{r,z});
///           n = tanh(W_in x + b_in + r (W_hn h + b_hn)); h' = (1 - z) n + z h
public enum RecurrentCell: String, Sendable, CaseIterable, Codable {
    case rnn
    case lstm
    case gru

    /// Rows of W_ih and W_hh per hidden unit: 1, 4 or 3.
    public var gateCount: Int {
        switch self {
        case .rnn: 1
        case .lstm: 4
        case .gru: 3
        }
    }

    /// Whether the cell carries a second state (the LSTM's c).
    public var hasCellState: Bool { self == .lstm }
}
