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
    QUILL_FOR_EACH_BLOCK(count, {
        __m256 gi = quill_load8(g + j, lanes, mask), mi = quill_load8(m + j, lanes, mask);
        __m256 vi = quill_load8(v + j, lanes, mask), pi = quill_load8(p + j, lanes, mask);
        mi = _mm256_add_ps(_mm256_mul_ps(b1, mi), _mm256_mul_ps(rest1, gi));
        vi = _mm256_add_ps(_mm256_mul_ps(b2, vi), _mm256_mul_ps(_mm256_mul_ps(rest2, gi), gi));
        if (decay != 1) pi = _mm256_mul_ps(pi, scale);
        __m256 denominator = _mm256_add_ps(_mm256_sqrt_ps(_mm256_div_ps(vi, c2)), eps);
        pi = _mm256_sub_ps(pi, _mm256_div_ps(_mm256_mul_ps(lr, _mm256_div_ps(mi, c1)), denominator));
        quill_store8(m + j, mi, lanes, mask);
        quill_store8(v + j, vi, lanes, mask);
        quill_store8(p + j, pi, lanes, mask);
    })
}

#else

void quill_adam_avx2(float *p, const float *g, float *m, float *v, size_t count, float learning_rate,
                     float beta1, float beta2, float epsilon, float decay, float correction1, float correction2) {
    // Never called off x86-64: quill_vector_avx2_available() is 0 and Adam runs its Swift code.
    (void)p; (void)g; (void)m; (void)v; (void)count; (void)learning_rate; (void)beta1; (void)beta2;
    (void)epsilon; (void)decay; (void)correction1; (void)correction2;
}

#endif
