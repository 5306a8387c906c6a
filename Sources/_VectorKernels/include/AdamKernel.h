// The Adam / AdamW update of one parameter tensor on AVX2, for RecurrentCore's Adam (which
// documents the formula and calls this when `quill_vector_avx2_available()`).
#ifndef QUILL_ADAM_KERNEL_H
#define QUILL_ADAM_KERNEL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// For each of `count` elements, in this order and rounding each operation (no fused
/// multiply-adds, so the result is bit-identical to Adam's portable Swift code):
///     m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + ((1 - beta2) * g) * g
///     p = (decay != 1 ? p * decay : p) - (learning_rate * (m / correction1)) / (sqrt(v / correction2) + epsilon)
void quill_adam_avx2(float *p, const float *g, float *m, float *v, size_t count, float learning_rate,
                     float beta1, float beta2, float epsilon, float decay, float correction1, float correction2);

#ifdef __cplusplus
}
#endif

#endif
