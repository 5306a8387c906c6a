// See include/AdamKernel.h. Swift's SIMD16 version runs on SSE with two divisions and a square
// root per element; here eight lanes go at once. Every operation rounds as the Swift one does.
#include "AdamKernel.h"

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include "Math8.h"

__attribute__((target("avx2,fma")))
void quill_adam_avx2(float *p, const float *g, float *m, float *v, size_t count, float learning_rate,
                     float beta1, float beta2, float epsilon, float decay, float correction1, float correction2) {
    const __m256 b1 = _mm256_set1_ps(beta1), b2 = _mm256_set1_ps(beta2);
    const __m256 rest1 = _mm256_set1_ps(1 - beta1), rest2 = _mm256_set1_ps(1 - beta2);
    const __m256 lr = _mm256_set1_ps(learning_rate), eps = _mm256_set1_ps(epsilon), scale = _mm256_set1_ps(decay);
    const __m256 c1 = _mm256_set1_ps(correction1), c2 = _mm256_set1_ps(correction2);
    for (size_t i = 0; i < count; i += 8) {
        size_t lanes = count - i < 8 ? count - i : 8;
        __m256i mask = quill_tail_mask(lanes);
        __m256 gi = lanes == 8 ? _mm256_loadu_ps(g + i) : _mm256_maskload_ps(g + i, mask);
        __m256 mi = lanes == 8 ? _mm256_loadu_ps(m + i) : _mm256_maskload_ps(m + i, mask);
        __m256 vi = lanes == 8 ? _mm256_loadu_ps(v + i) : _mm256_maskload_ps(v + i, mask);
        __m256 pi = lanes == 8 ? _mm256_loadu_ps(p + i) : _mm256_maskload_ps(p + i, mask);
        mi = _mm256_add_ps(_mm256_mul_ps(b1, mi), _mm256_mul_ps(rest1, gi));
        vi = _mm256_add_ps(_mm256_mul_ps(b2, vi), _mm256_mul_ps(_mm256_mul_ps(rest2, gi), gi));
        if (decay != 1) pi = _mm256_mul_ps(pi, scale);
        __m256 denominator = _mm256_add_ps(_mm256_sqrt_ps(_mm256_div_ps(vi, c2)), eps);
        pi = _mm256_sub_ps(pi, _mm256_div_ps(_mm256_mul_ps(lr, _mm256_div_ps(mi, c1)), denominator));
        if (lanes == 8) {
            _mm256_storeu_ps(m + i, mi);
            _mm256_storeu_ps(v + i, vi);
            _mm256_storeu_ps(p + i, pi);
        } else {
            _mm256_maskstore_ps(m + i, mask, mi);
            _mm256_maskstore_ps(v + i, mask, vi);
            _mm256_maskstore_ps(p + i, mask, pi);
        }
    }
}

#else

void quill_adam_avx2(float *p, const float *g, float *m, float *v, size_t count, float learning_rate,
                     float beta1, float beta2, float epsilon, float decay, float correction1, float correction2) {
    // Never called off x86-64: quill_vector_avx2_available() is 0 and Adam runs its Swift code.
    (void)p; (void)g; (void)m; (void)v; (void)count; (void)learning_rate; (void)beta1; (void)beta2;
    (void)epsilon; (void)decay; (void)correction1; (void)correction2;
}

#endif
