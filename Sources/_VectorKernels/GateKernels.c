// See include/GateKernels.h. On the baseline x86-64 target Swift's SIMD16 code runs these passes
// on SSE without fused multiply-adds, about four times the instructions per exponential; the gate
// passes were a tenth of a batch-32 LSTM training step and a fifth of the seed's 64-unit models.
#include "GateKernels.h"

#if defined(__x86_64__)
#include "Math8.h"

#define ONE _mm256_set1_ps(1.0f)

__attribute__((target("avx2,fma")))
void quill_rnn_gates_avx2(float *gates, const float *recurrent, float *hidden, size_t count) {
    QUILL_FOR_EACH_BLOCK(count, {
        __m256 h = quill_tanh8(_mm256_add_ps(quill_load8(gates + j, lanes, mask), quill_load8(recurrent + j, lanes, mask)));
        quill_store8(gates + j, h, lanes, mask);
        quill_store8(hidden + j, h, lanes, mask);
    })
}

// The LSTM and GRU passes run in two loops: first the gate activations of every block, which are
// independent of each other, so the out-of-order core overlaps their long exp / divide chains;
// then the state updates that depend on them. One loop doing both ran 8% slower (LSTM, H = 128).

/// gates + recurrent at lanes `offset ..< offset + 8`.
__attribute__((target("avx2,fma")))
static inline __m256 sum_at(const float *gates, const float *recurrent, size_t offset, size_t lanes, __m256i mask) {
    return _mm256_add_ps(quill_load8(gates + offset, lanes, mask), quill_load8(recurrent + offset, lanes, mask));
}

__attribute__((target("avx2,fma")))
void quill_lstm_gates_avx2(float *gates, const float *recurrent, float *hidden, float *cell, float *tanh_cell,
                           size_t count) {
    const size_t f = count, g = 2 * count, o = 3 * count;
    QUILL_FOR_EACH_BLOCK(count, {
        quill_store8(gates + j, quill_sigmoid8(sum_at(gates, recurrent, j, lanes, mask)), lanes, mask);
        quill_store8(gates + f + j, quill_sigmoid8(sum_at(gates, recurrent, f + j, lanes, mask)), lanes, mask);
        quill_store8(gates + g + j, quill_tanh8(sum_at(gates, recurrent, g + j, lanes, mask)), lanes, mask);
        quill_store8(gates + o + j, quill_sigmoid8(sum_at(gates, recurrent, o + j, lanes, mask)), lanes, mask);
    })
    QUILL_FOR_EACH_BLOCK(count, {
        __m256 input = quill_load8(gates + j, lanes, mask), candidate = quill_load8(gates + g + j, lanes, mask);
        __m256 newCell = _mm256_fmadd_ps(quill_load8(gates + f + j, lanes, mask), quill_load8(cell + j, lanes, mask),
                                         _mm256_mul_ps(input, candidate));
        __m256 tanhNewCell = quill_tanh8(newCell);
        quill_store8(cell + j, newCell, lanes, mask);
        if (tanh_cell) quill_store8(tanh_cell + j, tanhNewCell, lanes, mask);
        quill_store8(hidden + j, _mm256_mul_ps(quill_load8(gates + o + j, lanes, mask), tanhNewCell), lanes, mask);
    })
}

__attribute__((target("avx2,fma")))
void quill_gru_gates_avx2(float *gates, const float *recurrent, const float *hidden_bias_n, float *hidden,
                          float *hidden_n, size_t count) {
    const size_t z = count, n = 2 * count;
    QUILL_FOR_EACH_BLOCK(count, {
        quill_store8(gates + j, quill_sigmoid8(sum_at(gates, recurrent, j, lanes, mask)), lanes, mask);
        quill_store8(gates + z + j, quill_sigmoid8(sum_at(gates, recurrent, z + j, lanes, mask)), lanes, mask);
    })
    QUILL_FOR_EACH_BLOCK(count, {
        __m256 reset = quill_load8(gates + j, lanes, mask), update = quill_load8(gates + z + j, lanes, mask);
        __m256 hn = _mm256_add_ps(quill_load8(recurrent + n + j, lanes, mask), quill_load8(hidden_bias_n + j, lanes, mask));
        __m256 candidate = quill_tanh8(_mm256_fmadd_ps(reset, hn, quill_load8(gates + n + j, lanes, mask)));
        __m256 newHidden = _mm256_fmadd_ps(update, _mm256_sub_ps(quill_load8(hidden + j, lanes, mask), candidate), candidate);
        quill_store8(gates + n + j, candidate, lanes, mask);
        if (hidden_n) quill_store8(hidden_n + j, hn, lanes, mask);
        quill_store8(hidden + j, newHidden, lanes, mask);
    })
}

/// dL/dh' for the block: hidden_gradient plus upstream when there is one.
__attribute__((target("avx2,fma")))
static inline __m256 incoming(const float *hidden_gradient, const float *upstream, size_t j, size_t lanes, __m256i mask) {
    __m256 dh = quill_load8(hidden_gradient + j, lanes, mask);
    return upstream ? _mm256_add_ps(dh, quill_load8(upstream + j, lanes, mask)) : dh;
}

__attribute__((target("avx2,fma")))
void quill_rnn_backward_avx2(const float *gates, const float *upstream, float *hidden_gradient,
                             float *gate_gradient, size_t count) {
    QUILL_FOR_EACH_BLOCK(count, {
        __m256 h = quill_load8(gates + j, lanes, mask);
        __m256 dh = incoming(hidden_gradient, upstream, j, lanes, mask);
        quill_store8(gate_gradient + j, _mm256_mul_ps(dh, _mm256_fnmadd_ps(h, h, ONE)), lanes, mask);
        quill_store8(hidden_gradient + j, _mm256_setzero_ps(), lanes, mask);
    })
}

__attribute__((target("avx2,fma")))
void quill_lstm_backward_avx2(const float *gates, const float *tanh_cell, const float *previous_cell,
                              const float *upstream, float *hidden_gradient, float *cell_gradient,
                              float *gate_gradient, size_t count) {
    const size_t f = count, g = 2 * count, o = 3 * count;
    QUILL_FOR_EACH_BLOCK(count, {
        __m256 input = quill_load8(gates + j, lanes, mask), forget = quill_load8(gates + f + j, lanes, mask);
        __m256 candidate = quill_load8(gates + g + j, lanes, mask), output = quill_load8(gates + o + j, lanes, mask);
        __m256 tanhC = quill_load8(tanh_cell + j, lanes, mask);
        __m256 dh = incoming(hidden_gradient, upstream, j, lanes, mask);
        __m256 dCell = _mm256_fmadd_ps(_mm256_mul_ps(dh, output), _mm256_fnmadd_ps(tanhC, tanhC, ONE),
                                       quill_load8(cell_gradient + j, lanes, mask));
        quill_store8(gate_gradient + j, _mm256_mul_ps(_mm256_mul_ps(dCell, candidate), _mm256_mul_ps(input, _mm256_sub_ps(ONE, input))),
              lanes, mask);
        quill_store8(gate_gradient + f + j,
              _mm256_mul_ps(_mm256_mul_ps(dCell, quill_load8(previous_cell + j, lanes, mask)), _mm256_mul_ps(forget, _mm256_sub_ps(ONE, forget))),
              lanes, mask);
        quill_store8(gate_gradient + g + j, _mm256_mul_ps(_mm256_mul_ps(dCell, input), _mm256_fnmadd_ps(candidate, candidate, ONE)),
              lanes, mask);
        quill_store8(gate_gradient + o + j, _mm256_mul_ps(_mm256_mul_ps(dh, tanhC), _mm256_mul_ps(output, _mm256_sub_ps(ONE, output))),
              lanes, mask);
        quill_store8(cell_gradient + j, _mm256_mul_ps(dCell, forget), lanes, mask);
        quill_store8(hidden_gradient + j, _mm256_setzero_ps(), lanes, mask);
    })
}

__attribute__((target("avx2,fma")))
void quill_gru_backward_avx2(const float *gates, const float *previous_hidden, const float *hidden_n,
                             const float *upstream, float *hidden_gradient, float *gate_gradient,
                             float *hidden_gate_gradient, size_t count) {
    const size_t z = count, n = 2 * count;
    QUILL_FOR_EACH_BLOCK(count, {
        __m256 reset = quill_load8(gates + j, lanes, mask), update = quill_load8(gates + z + j, lanes, mask);
        __m256 candidate = quill_load8(gates + n + j, lanes, mask);
        __m256 dh = incoming(hidden_gradient, upstream, j, lanes, mask);
        __m256 dn = _mm256_mul_ps(_mm256_mul_ps(dh, _mm256_sub_ps(ONE, update)), _mm256_fnmadd_ps(candidate, candidate, ONE));
        __m256 dr = _mm256_mul_ps(_mm256_mul_ps(dn, quill_load8(hidden_n + j, lanes, mask)), _mm256_mul_ps(reset, _mm256_sub_ps(ONE, reset)));
        __m256 dz = _mm256_mul_ps(_mm256_mul_ps(dh, _mm256_sub_ps(quill_load8(previous_hidden + j, lanes, mask), candidate)),
                                  _mm256_mul_ps(update, _mm256_sub_ps(ONE, update)));
        quill_store8(gate_gradient + j, dr, lanes, mask);
        quill_store8(gate_gradient + z + j, dz, lanes, mask);
        quill_store8(gate_gradient + n + j, dn, lanes, mask);
        quill_store8(hidden_gate_gradient + j, dr, lanes, mask);
        quill_store8(hidden_gate_gradient + z + j, dz, lanes, mask);
        quill_store8(hidden_gate_gradient + n + j, _mm256_mul_ps(dn, reset), lanes, mask);
        quill_store8(hidden_gradient + j, _mm256_mul_ps(dh, update), lanes, mask);
    })
}

#else

// Never called off x86-64: quill_vector_avx2_available() is 0 and GateKernels runs its Swift code.
void quill_rnn_gates_avx2(float *gates, const float *recurrent, float *hidden, size_t count) {
    (void)gates; (void)recurrent; (void)hidden; (void)count;
}
void quill_lstm_gates_avx2(float *gates, const float *recurrent, float *hidden, float *cell, float *tanh_cell,
                           size_t count) {
    (void)gates; (void)recurrent; (void)hidden; (void)cell; (void)tanh_cell; (void)count;
}
void quill_gru_gates_avx2(float *gates, const float *recurrent, const float *hidden_bias_n, float *hidden,
                          float *hidden_n, size_t count) {
    (void)gates; (void)recurrent; (void)hidden_bias_n; (void)hidden; (void)hidden_n; (void)count;
}
void quill_rnn_backward_avx2(const float *gates, const float *upstream, float *hidden_gradient,
                             float *gate_gradient, size_t count) {
    (void)gates; (void)upstream; (void)hidden_gradient; (void)gate_gradient; (void)count;
}
void quill_lstm_backward_avx2(const float *gates, const float *tanh_cell, const float *previous_cell,
                              const float *upstream, float *hidden_gradient, float *cell_gradient,
                              float *gate_gradient, size_t count) {
    (void)gates; (void)tanh_cell; (void)previous_cell; (void)upstream; (void)hidden_gradient; (void)cell_gradient;
    (void)gate_gradient; (void)count;
}
void quill_gru_backward_avx2(const float *gates, const float *previous_hidden, const float *hidden_n,
                             const float *upstream, float *hidden_gradient, float *gate_gradient,
                             float *hidden_gate_gradient, size_t count) {
    (void)gates; (void)previous_hidden; (void)hidden_n; (void)upstream; (void)hidden_gradient; (void)gate_gradient;
    (void)hidden_gate_gradient; (void)count;
}

#endif
