// See include/GateKernels.h. On the baseline x86-64 target Swift's SIMD16 code runs these passes
// on SSE without fused multiply-adds, about four times the instructions per exponential; the gate
// passes were a tenth of a batch-32 LSTM training step and a fifth of the seed's 64-unit models.
#include "GateKernels.h"

#if defined(__x86_64__)
#include "Math8.h"

/// Lanes `j ..< j + 8` of `pointer`, or only the first `lanes` of them (the rest read as 0).
__attribute__((target("avx2,fma")))
static inline __m256 load(const float *pointer, size_t lanes, __m256i mask) {
    return lanes == 8 ? _mm256_loadu_ps(pointer) : _mm256_maskload_ps(pointer, mask);
}

__attribute__((target("avx2,fma")))
static inline void store(float *pointer, __m256 value, size_t lanes, __m256i mask) {
    if (lanes == 8) _mm256_storeu_ps(pointer, value); else _mm256_maskstore_ps(pointer, mask, value);
}

/// Runs `BODY` for each block of 8 units, `j` its first unit, `lanes` its width and `mask` its lanes.
#define FOR_EACH_BLOCK(count, ...)                                               \
    for (size_t j = 0; j < (count); j += 8) {                                   \
        size_t lanes = (count) - j < 8 ? (count) - j : 8;                        \
        __m256i mask = quill_tail_mask(lanes);                                   \
        __VA_ARGS__                                                              \
    }

#define ONE _mm256_set1_ps(1.0f)

__attribute__((target("avx2,fma")))
void quill_rnn_gates_avx2(float *gates, const float *recurrent, float *hidden, size_t count) {
    FOR_EACH_BLOCK(count, {
        __m256 h = quill_tanh8(_mm256_add_ps(load(gates + j, lanes, mask), load(recurrent + j, lanes, mask)));
        store(gates + j, h, lanes, mask);
        store(hidden + j, h, lanes, mask);
    })
}

__attribute__((target("avx2,fma")))
void quill_lstm_gates_avx2(float *gates, const float *recurrent, float *hidden, float *cell, float *tanh_cell,
                           size_t count) {
    const size_t f = count, g = 2 * count, o = 3 * count;
    FOR_EACH_BLOCK(count, {
        __m256 input = quill_sigmoid8(_mm256_add_ps(load(gates + j, lanes, mask), load(recurrent + j, lanes, mask)));
        __m256 forget = quill_sigmoid8(_mm256_add_ps(load(gates + f + j, lanes, mask), load(recurrent + f + j, lanes, mask)));
        __m256 candidate = quill_tanh8(_mm256_add_ps(load(gates + g + j, lanes, mask), load(recurrent + g + j, lanes, mask)));
        __m256 output = quill_sigmoid8(_mm256_add_ps(load(gates + o + j, lanes, mask), load(recurrent + o + j, lanes, mask)));
        __m256 newCell = _mm256_fmadd_ps(forget, load(cell + j, lanes, mask), _mm256_mul_ps(input, candidate));
        __m256 tanhNewCell = quill_tanh8(newCell);
        store(gates + j, input, lanes, mask);
        store(gates + f + j, forget, lanes, mask);
        store(gates + g + j, candidate, lanes, mask);
        store(gates + o + j, output, lanes, mask);
        store(cell + j, newCell, lanes, mask);
        if (tanh_cell) store(tanh_cell + j, tanhNewCell, lanes, mask);
        store(hidden + j, _mm256_mul_ps(output, tanhNewCell), lanes, mask);
    })
}

__attribute__((target("avx2,fma")))
void quill_gru_gates_avx2(float *gates, const float *recurrent, const float *hidden_bias_n, float *hidden,
                          float *hidden_n, size_t count) {
    const size_t z = count, n = 2 * count;
    FOR_EACH_BLOCK(count, {
        __m256 reset = quill_sigmoid8(_mm256_add_ps(load(gates + j, lanes, mask), load(recurrent + j, lanes, mask)));
        __m256 update = quill_sigmoid8(_mm256_add_ps(load(gates + z + j, lanes, mask), load(recurrent + z + j, lanes, mask)));
        __m256 hn = _mm256_add_ps(load(recurrent + n + j, lanes, mask), load(hidden_bias_n + j, lanes, mask));
        __m256 candidate = quill_tanh8(_mm256_fmadd_ps(reset, hn, load(gates + n + j, lanes, mask)));
        __m256 newHidden = _mm256_fmadd_ps(update, _mm256_sub_ps(load(hidden + j, lanes, mask), candidate), candidate);
        store(gates + j, reset, lanes, mask);
        store(gates + z + j, update, lanes, mask);
        store(gates + n + j, candidate, lanes, mask);
        if (hidden_n) store(hidden_n + j, hn, lanes, mask);
        store(hidden + j, newHidden, lanes, mask);
    })
}

/// dL/dh' for the block: hidden_gradient plus upstream when there is one.
__attribute__((target("avx2,fma")))
static inline __m256 incoming(const float *hidden_gradient, const float *upstream, size_t j, size_t lanes, __m256i mask) {
    __m256 dh = load(hidden_gradient + j, lanes, mask);
    return upstream ? _mm256_add_ps(dh, load(upstream + j, lanes, mask)) : dh;
}

__attribute__((target("avx2,fma")))
void quill_rnn_backward_avx2(const float *gates, const float *upstream, float *hidden_gradient,
                             float *gate_gradient, size_t count) {
    FOR_EACH_BLOCK(count, {
        __m256 h = load(gates + j, lanes, mask);
        __m256 dh = incoming(hidden_gradient, upstream, j, lanes, mask);
        store(gate_gradient + j, _mm256_mul_ps(dh, _mm256_fnmadd_ps(h, h, ONE)), lanes, mask);
        store(hidden_gradient + j, _mm256_setzero_ps(), lanes, mask);
    })
}

__attribute__((target("avx2,fma")))
void quill_lstm_backward_avx2(const float *gates, const float *tanh_cell, const float *previous_cell,
                              const float *upstream, float *hidden_gradient, float *cell_gradient,
                              float *gate_gradient, size_t count) {
    const size_t f = count, g = 2 * count, o = 3 * count;
    FOR_EACH_BLOCK(count, {
        __m256 input = load(gates + j, lanes, mask), forget = load(gates + f + j, lanes, mask);
        __m256 candidate = load(gates + g + j, lanes, mask), output = load(gates + o + j, lanes, mask);
        __m256 tanhC = load(tanh_cell + j, lanes, mask);
        __m256 dh = incoming(hidden_gradient, upstream, j, lanes, mask);
        __m256 dCell = _mm256_fmadd_ps(_mm256_mul_ps(dh, output), _mm256_fnmadd_ps(tanhC, tanhC, ONE),
                                       load(cell_gradient + j, lanes, mask));
        store(gate_gradient + j, _mm256_mul_ps(_mm256_mul_ps(dCell, candidate), _mm256_mul_ps(input, _mm256_sub_ps(ONE, input))),
              lanes, mask);
        store(gate_gradient + f + j,
              _mm256_mul_ps(_mm256_mul_ps(dCell, load(previous_cell + j, lanes, mask)), _mm256_mul_ps(forget, _mm256_sub_ps(ONE, forget))),
              lanes, mask);
        store(gate_gradient + g + j, _mm256_mul_ps(_mm256_mul_ps(dCell, input), _mm256_fnmadd_ps(candidate, candidate, ONE)),
              lanes, mask);
        store(gate_gradient + o + j, _mm256_mul_ps(_mm256_mul_ps(dh, tanhC), _mm256_mul_ps(output, _mm256_sub_ps(ONE, output))),
              lanes, mask);
        store(cell_gradient + j, _mm256_mul_ps(dCell, forget), lanes, mask);
        store(hidden_gradient + j, _mm256_setzero_ps(), lanes, mask);
    })
}

__attribute__((target("avx2,fma")))
void quill_gru_backward_avx2(const float *gates, const float *previous_hidden, const float *hidden_n,
                             const float *upstream, float *hidden_gradient, float *gate_gradient,
                             float *hidden_gate_gradient, size_t count) {
    const size_t z = count, n = 2 * count;
    FOR_EACH_BLOCK(count, {
        __m256 reset = load(gates + j, lanes, mask), update = load(gates + z + j, lanes, mask);
        __m256 candidate = load(gates + n + j, lanes, mask);
        __m256 dh = incoming(hidden_gradient, upstream, j, lanes, mask);
        __m256 dn = _mm256_mul_ps(_mm256_mul_ps(dh, _mm256_sub_ps(ONE, update)), _mm256_fnmadd_ps(candidate, candidate, ONE));
        __m256 dr = _mm256_mul_ps(_mm256_mul_ps(dn, load(hidden_n + j, lanes, mask)), _mm256_mul_ps(reset, _mm256_sub_ps(ONE, reset)));
        __m256 dz = _mm256_mul_ps(_mm256_mul_ps(dh, _mm256_sub_ps(load(previous_hidden + j, lanes, mask), candidate)),
                                  _mm256_mul_ps(update, _mm256_sub_ps(ONE, update)));
        store(gate_gradient + j, dr, lanes, mask);
        store(gate_gradient + z + j, dz, lanes, mask);
        store(gate_gradient + n + j, dn, lanes, mask);
        store(hidden_gate_gradient + j, dr, lanes, mask);
        store(hidden_gate_gradient + z + j, dz, lanes, mask);
        store(hidden_gate_gradient + n + j, _mm256_mul_ps(dn, reset), lanes, mask);
        store(hidden_gradient + j, _mm256_mul_ps(dh, update), lanes, mask);
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
