// The fused gate passes of one recurrent time step for one sequence, on AVX2 + FMA: the
// operations of RecurrentCore's GateKernels (which documents the layouts and calls these when
// `quill_vector_avx2_available()`), eight lanes at a time with masked loads for the last block.
// H = `count` hidden units; gate blocks of H in PyTorch's order (lstm i f g o, gru r z n).
#ifndef QUILL_GATE_KERNELS_H
#define QUILL_GATE_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// tanh RNN: gates [H] (input side) becomes h' = tanh(gates + recurrent), also written to hidden [H].
void quill_rnn_gates_avx2(float *gates, const float *recurrent, float *hidden, size_t count);

/// LSTM: gates [4H] becomes the activated i f g o; cell [H] becomes c', hidden [H] h', and
/// tanh_cell [H] (may be NULL) tanh c'.
void quill_lstm_gates_avx2(float *gates, const float *recurrent, float *hidden, float *cell, float *tanh_cell,
                           size_t count);

/// GRU: gates [3H] becomes the activated r z n; hidden [H] becomes h'; hidden_n [H] (may be NULL)
/// receives W_hn h + b_hn (`recurrent`'s n block plus hidden_bias_n [H]).
void quill_gru_gates_avx2(float *gates, const float *recurrent, const float *hidden_bias_n, float *hidden,
                          float *hidden_n, size_t count);

/// The backward passes. hidden_gradient [H] holds dL/dh' on entry (plus upstream [H] when not
/// NULL) and is left holding the part of dL/dh that does not go through W_hh; gate_gradient
/// receives the pre-activation gradients of the input side, hidden_gate_gradient (GRU) those of
/// the hidden side; cell_gradient [H] (LSTM) goes from dL/dc' to dL/dc.
void quill_rnn_backward_avx2(const float *gates, const float *upstream, float *hidden_gradient,
                             float *gate_gradient, size_t count);
void quill_lstm_backward_avx2(const float *gates, const float *tanh_cell, const float *previous_cell,
                              const float *upstream, float *hidden_gradient, float *cell_gradient,
                              float *gate_gradient, size_t count);
void quill_gru_backward_avx2(const float *gates, const float *previous_hidden, const float *hidden_n,
                             const float *upstream, float *hidden_gradient, float *gate_gradient,
                             float *hidden_gate_gradient, size_t count);

#ifdef __cplusplus
}
#endif

#endif
