// Eight-lane AVX2 + FMA math shared by this target's kernels (not part of its interface): the
// functions of RecurrentCore's VectorMath, with the same reductions and polynomials, so the AVX2
// and portable paths differ only by the rounding of fused multiply-adds. Include only on x86-64.
#ifndef QUILL_MATH8_H
#define QUILL_MATH8_H

#include <immintrin.h>
#include <stddef.h>

/// e^x for 8 lanes: VectorMath.exp's clamp, Cody-Waite reduction (n = round(x / ln 2) by the
/// 1.5 * 2^23 trick, ln 2 in two parts) and Cephes' polynomial, the multiply-adds fused. NaN stays
/// NaN: maxps and minps return their second operand when either is NaN, so the clamp passes it on.
__attribute__((target("avx2,fma")))
static inline __m256 quill_exp8(__m256 x) {
    __m256 clamped = _mm256_min_ps(_mm256_set1_ps(88.37f), _mm256_max_ps(_mm256_set1_ps(-87.3f), x));
    const __m256 shifter = _mm256_set1_ps(12582912.0f);
    __m256 shifted = _mm256_fmadd_ps(clamped, _mm256_set1_ps(1.44269504f), shifter);
    __m256 n = _mm256_sub_ps(shifted, shifter);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), clamped);
    r = _mm256_fmadd_ps(n, _mm256_set1_ps(2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    __m256 expR = _mm256_add_ps(_mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r), _mm256_set1_ps(1.0f));
    // 2^n from the exponent bits: the low bits of `shifted` hold n + 0x40_0000.
    __m256i integer = _mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_set1_epi32(0x4B400000));
    __m256 scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(integer, _mm256_set1_epi32(127)), 23));
    return _mm256_mul_ps(expR, scale);
}

/// The lanes `count` (< 8) values fill, as a mask for maskload / maskstore.
__attribute__((target("avx2,fma")))
static inline __m256i quill_tail_mask(size_t count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/// Lanes `j ..< j + 8` of `pointer`, or only the first `lanes` of them (the rest read as 0).
__attribute__((target("avx2,fma")))
static inline __m256 quill_load8(const float *pointer, size_t lanes, __m256i mask) {
    return lanes == 8 ? _mm256_loadu_ps(pointer) : _mm256_maskload_ps(pointer, mask);
}

/// Stores `value` to `pointer`, or only its first `lanes` lanes.
__attribute__((target("avx2,fma")))
static inline void quill_store8(float *pointer, __m256 value, size_t lanes, __m256i mask) {
    if (lanes == 8) _mm256_storeu_ps(pointer, value); else _mm256_maskstore_ps(pointer, mask, value);
}

/// Runs the statements that follow `count` for each block of 8 elements: `j` its first element,
/// `lanes` its width (8, or fewer in the last block) and `mask` those lanes.
#define QUILL_FOR_EACH_BLOCK(count, ...)                                         \
    for (size_t j = 0; j < (count); j += 8) {                                   \
        size_t lanes = (count) - j < 8 ? (count) - j : 8;                        \
        __m256i mask = quill_tail_mask(lanes);                                   \
        __VA_ARGS__                                                              \
    }

/// tanh for 8 lanes, as VectorMath.tanh: an odd polynomial (Cephes) below |x| = 0.625, above it
/// 1 - 2 / (e^(2|x|) + 1) with the sign of x.
__attribute__((target("avx2,fma")))
static inline __m256 quill_tanh8(__m256 x) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 magnitude = _mm256_andnot_ps(sign, x);
    __m256 z = _mm256_mul_ps(x, x);
    __m256 small = _mm256_set1_ps(-5.70498872745e-3f);
    small = _mm256_fmadd_ps(small, z, _mm256_set1_ps(2.06390887954e-2f));
    small = _mm256_fmadd_ps(small, z, _mm256_set1_ps(-5.37397155531e-2f));
    small = _mm256_fmadd_ps(small, z, _mm256_set1_ps(1.33314422036e-1f));
    small = _mm256_fmadd_ps(small, z, _mm256_set1_ps(-3.33332819422e-1f));
    small = _mm256_fmadd_ps(_mm256_mul_ps(small, z), x, x);
    __m256 e = quill_exp8(_mm256_add_ps(magnitude, magnitude));
    __m256 large = _mm256_sub_ps(_mm256_set1_ps(1.0f), _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, _mm256_set1_ps(1.0f))));
    large = _mm256_or_ps(large, _mm256_and_ps(x, sign));
    return _mm256_blendv_ps(large, small, _mm256_cmp_ps(magnitude, _mm256_set1_ps(0.625f), _CMP_LT_OQ));
}

/// The logistic sigmoid for 8 lanes, as VectorMath.sigmoid: 1 / (1 + e^-x).
__attribute__((target("avx2,fma")))
static inline __m256 quill_sigmoid8(__m256 x) {
    __m256 e = quill_exp8(_mm256_sub_ps(_mm256_setzero_ps(), x));
    return _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_add_ps(_mm256_set1_ps(1.0f), e));
}

#endif
