// See include/VectorKernels.h. A softmax over a 10k-word vocabulary is 10k exponentials per step;
// VectorMath's SIMD16 code runs them on SSE (the baseline target), about 14 instructions per
// value, where AVX2 with fused multiply-adds needs about 3. A top 3 over the same 10k values is a
// comparison per value, which Swift compiles to a branch each (its SIMD masks go lane by lane).
#include "VectorKernels.h"

#include <math.h>
#include <stdint.h>

// Portable C: sixteen values at a time are first compared with the smallest kept one, in a loop of
// fixed length without branches, which the compiler vectorises (SSE on the baseline target): once
// the list is full almost no block holds a candidate, so most values cost a vector comparison.
size_t quill_largest(const float *values, size_t length, size_t count, int32_t *indices, float *largest) {
    if (count == 0) return 0;
    size_t found = 0;
    float threshold = -INFINITY;   // the smallest kept value once `count` are kept
    for (size_t start = 0; start < length; start += 16) {
        size_t end = length - start < 16 ? length : start + 16;
        if (end - start == 16) {   // a full block: a fixed trip count, which the compiler vectorises
            int candidate = 0;
            for (size_t k = 0; k < 16; k++) candidate |= values[start + k] > threshold;
            if (!candidate) continue;
        }
        for (size_t i = start; i < end; i++) {
            float value = values[i];
            if (!(value > threshold)) continue;
            size_t position = found < count ? found++ : count - 1;
            while (position > 0 && largest[position - 1] < value) {   // strict: an earlier equal value stays first
                largest[position] = largest[position - 1];
                indices[position] = indices[position - 1];
                position--;
            }
            largest[position] = value;
            indices[position] = (int32_t)i;
            if (found == count) threshold = largest[count - 1];
        }
    }
    return found;
}

#if defined(__x86_64__)
#include "Math8.h"

int quill_vector_avx2_available(void) {
    static _Atomic int cached = -1;
    int value = cached;
    if (value < 0) {
        __builtin_cpu_init();
        value = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0;
        cached = value;
    }
    return value;
}

__attribute__((target("avx2,fma")))
float quill_softmax_avx2(float *values, size_t count) {
    size_t full = count & ~(size_t)7, tail = count - full;
    __m256i mask = quill_tail_mask(tail);

    // The maximum (maxps returns its second operand for a NaN first one: NaNs are passed over).
    __m256 maxima = _mm256_set1_ps(-INFINITY), maxima1 = maxima;   // two chains: maxps has a latency of 3
    size_t i = 0;
    for (; i + 16 <= full; i += 16) {
        maxima = _mm256_max_ps(_mm256_loadu_ps(values + i), maxima);
        maxima1 = _mm256_max_ps(_mm256_loadu_ps(values + i + 8), maxima1);
    }
    if (i < full) maxima = _mm256_max_ps(_mm256_loadu_ps(values + i), maxima);
    maxima = _mm256_max_ps(maxima, maxima1);
    if (tail) {
        __m256 last = _mm256_blendv_ps(_mm256_set1_ps(-INFINITY), _mm256_maskload_ps(values + full, mask),
                                       _mm256_castsi256_ps(mask));
        maxima = _mm256_max_ps(last, maxima);
    }
    __m128 half = _mm_max_ps(_mm256_castps256_ps128(maxima), _mm256_extractf128_ps(maxima, 1));
    half = _mm_max_ps(half, _mm_movehl_ps(half, half));
    half = _mm_max_ss(half, _mm_shuffle_ps(half, half, 1));
    float maximum = _mm_cvtss_f32(half);

    // e^(x - max) in place, summed in two sets of lanes.
    __m256 shift = _mm256_set1_ps(maximum), sum0 = _mm256_setzero_ps(), sum1 = sum0;
    for (i = 0; i + 16 <= full; i += 16) {
        __m256 a = quill_exp8(_mm256_sub_ps(_mm256_loadu_ps(values + i), shift));
        __m256 b = quill_exp8(_mm256_sub_ps(_mm256_loadu_ps(values + i + 8), shift));
        _mm256_storeu_ps(values + i, a);
        _mm256_storeu_ps(values + i + 8, b);
        sum0 = _mm256_add_ps(sum0, a);
        sum1 = _mm256_add_ps(sum1, b);
    }
    for (; i < full; i += 8) {
        __m256 a = quill_exp8(_mm256_sub_ps(_mm256_loadu_ps(values + i), shift));
        _mm256_storeu_ps(values + i, a);
        sum0 = _mm256_add_ps(sum0, a);
    }
    if (tail) {
        __m256 a = quill_exp8(_mm256_sub_ps(_mm256_maskload_ps(values + full, mask), shift));
        a = _mm256_and_ps(a, _mm256_castsi256_ps(mask));   // the padding lanes add nothing
        _mm256_maskstore_ps(values + full, mask, a);
        sum1 = _mm256_add_ps(sum1, a);
    }
    __m256 sums = _mm256_add_ps(sum0, sum1);
    __m128 quarter = _mm_add_ps(_mm256_castps256_ps128(sums), _mm256_extractf128_ps(sums, 1));
    quarter = _mm_add_ps(quarter, _mm_movehl_ps(quarter, quarter));
    quarter = _mm_add_ss(quarter, _mm_shuffle_ps(quarter, quarter, 1));
    float sum = _mm_cvtss_f32(quarter);

    __m256 factor = _mm256_set1_ps(1.0f / sum);
    for (i = 0; i < full; i += 8) _mm256_storeu_ps(values + i, _mm256_mul_ps(_mm256_loadu_ps(values + i), factor));
    if (tail) _mm256_maskstore_ps(values + full, mask, _mm256_mul_ps(_mm256_maskload_ps(values + full, mask), factor));
    return maximum + logf(sum);
}

#else

int quill_vector_avx2_available(void) { return 0; }

float quill_softmax_avx2(float *values, size_t count) {
    (void)values;
    (void)count;
    return NAN;   // never called: quill_vector_avx2_available() is 0
}

#endif
