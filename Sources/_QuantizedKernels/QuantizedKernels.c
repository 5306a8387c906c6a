// See include/QuantizedKernels.h. The int8 x int16 matrix-vector product behind RecurrentCore's
// QuantizedLinear: a 10k x 256 output layer is 2.5 MB in int8 against 10 MB in Float32, and a
// batch-1 product of that size is bound by how fast the weights stream in from the caches.
//
// The vector path is compiled for AVX2 through a function attribute, not a compiler flag (the
// package takes no unsafeFlags), and chosen at run time; the portable path runs everywhere else.
// Both accumulate exactly in integers and finish with the same float operations, so their outputs
// are bit-identical. Refinement (portable, a few rows per call) recomputes the largest outputs
// from a second int8 matrix of residuals.
#include "QuantizedKernels.h"
#include "VectorKernels.h"

#include <math.h>
#include <string.h>

// The final `(float)sum * scale + bias` must round the same way in both paths: no fused
// multiply-add in the AVX2 function where the portable one has a multiply and an add.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define QUILL_HAVE_AVX2_PATH 1
#endif

// Overflow. A product w * xq is at most 127 * 32767 = 4,161,409 in magnitude, so an int32 holds
// the sum of at most 2^31 / 4,161,409 = 516 of them, whatever their order or grouping. Columns are
// therefore summed in blocks of 512 into int32 (the AVX2 lanes and their horizontal sum are sums
// over subsets of one block, bounded the same way), and the block sums are added into an int64,
// which cannot overflow for any column count that fits in memory. So the input keeps the full
// int16 range at every column count, and both paths compute the same exact integer.
enum { QUILL_BLOCK_COLUMNS = 512 };

// Largest magnitudes below this count as an all-zero row or input: 127 / 1e-30 still fits in a
// float, where 127 / (a subnormal) would be infinite. Dropping values this small changes a
// product by at most |W|_1 * 1e-30.
static const float quill_tiny = 1e-30f;

/// Rounds to the nearest integer (ties to even) for |value| < 2^22: adding 1.5 * 2^23 leaves no
/// fraction bits. No libm call, and the same result on every path.
static inline int32_t quill_round(float value) {
    const float shifter = 12582912.0f;
    float shifted = value + shifter;
    return (int32_t)(shifted - shifter);
}

/// Largest magnitude of `count` floats; NaN if one is NaN, infinity if one is infinite (and none
/// is NaN). Taken over the bit patterns with the sign cleared, which order as the magnitudes do
/// (NaNs above infinity): an integer maximum, which the compiler vectorises, where a float one
/// would stay scalar.
static float quill_max_magnitude(const float *values, size_t count) {
    uint32_t maximum = 0;
    for (size_t i = 0; i < count; i++) {
        uint32_t bits;
        memcpy(&bits, values + i, sizeof bits);
        bits &= 0x7fffffffu;
        maximum = bits > maximum ? bits : maximum;
    }
    float result;
    memcpy(&result, &maximum, sizeof result);
    return result;
}

void quill_int8_quantize_rows(const float *weights, size_t rows, size_t columns,
                              int8_t *quantized, float *scales) {
    for (size_t r = 0; r < rows; r++) {
        const float *row = weights + r * columns;
        int8_t *out = quantized + r * columns;
        float maximum = quill_max_magnitude(row, columns);
        if (!(maximum >= quill_tiny) || !isfinite(maximum)) {   // zero (or non-finite: a caller error) row
            for (size_t c = 0; c < columns; c++) out[c] = 0;
            scales[r] = 0;
            continue;
        }
        float multiplier = (float)QUILL_INT8_WEIGHT_MAX / maximum;
        for (size_t c = 0; c < columns; c++) {
            int32_t q = quill_round(row[c] * multiplier);
            // maximum * (127 / maximum) may round to just above 127: clamp, and never use -128.
            if (q > QUILL_INT8_WEIGHT_MAX) q = QUILL_INT8_WEIGHT_MAX;
            if (q < -QUILL_INT8_WEIGHT_MAX) q = -QUILL_INT8_WEIGHT_MAX;
            out[c] = (int8_t)q;
        }
        scales[r] = maximum / (float)QUILL_INT8_WEIGHT_MAX;
    }
}

/// Quantizes `input` into `quantized` and returns its scale (0 for an all-zero input), or NaN when
/// the input is not finite. Shared by both paths, so they multiply the same integers.
static float quill_quantize_input(const float *input, size_t count, int16_t *quantized) {
    float maximum = quill_max_magnitude(input, count);
    if (!isfinite(maximum)) return NAN;
    if (maximum < quill_tiny) {
        for (size_t c = 0; c < count; c++) quantized[c] = 0;
        return 0;
    }
    float multiplier = (float)QUILL_INT16_INPUT_MAX / maximum;
    for (size_t c = 0; c < count; c++) {
        int32_t q = quill_round(input[c] * multiplier);
        if (q > QUILL_INT16_INPUT_MAX) q = QUILL_INT16_INPUT_MAX;
        if (q < -QUILL_INT16_INPUT_MAX) q = -QUILL_INT16_INPUT_MAX;
        quantized[c] = (int16_t)q;
    }
    return maximum / (float)QUILL_INT16_INPUT_MAX;
}

/// One output from its exact integer dot product: the same three roundings on every path.
static inline float quill_finish(int64_t sum, float row_scale, float input_scale, const float *bias, size_t row) {
    float scale = row_scale * input_scale;
    float value = (float)sum * scale;
    return bias ? bias[row] + value : value;
}

/// Fills `output` with NaN (a non-finite input).
static void quill_fill_nan(float *output, size_t rows) {
    for (size_t r = 0; r < rows; r++) output[r] = NAN;
}

/// Exact sum of w[c] * x[c] over `start ..< end` (at most one block, so it fits an int32).
static inline int32_t quill_dot_block(const int8_t *w, const int16_t *x, size_t start, size_t end) {
    int32_t sum = 0;
    for (size_t c = start; c < end; c++) sum += (int32_t)w[c] * (int32_t)x[c];
    return sum;
}

/// Exact sum of w[c] * x[c] over all columns, block by block (see the overflow note at the top).
static int64_t quill_dot(const int8_t *w, const int16_t *x, size_t columns) {
    int64_t total = 0;
    for (size_t start = 0; start < columns; start += QUILL_BLOCK_COLUMNS) {
        size_t end = columns - start < QUILL_BLOCK_COLUMNS ? columns : start + QUILL_BLOCK_COLUMNS;
        total += quill_dot_block(w, x, start, end);
    }
    return total;
}

float quill_int8_gemv_scalar(const int8_t *weights, const float *row_scales, const float *bias,
                             size_t rows, size_t columns, const float *input, int16_t *scratch, float *output) {
    float input_scale = quill_quantize_input(input, columns, scratch);
    if (input_scale != input_scale) { quill_fill_nan(output, rows); return input_scale; }
    for (size_t r = 0; r < rows; r++) {
        output[r] = quill_finish(quill_dot(weights + r * columns, scratch, columns), row_scales[r], input_scale, bias, r);
    }
    return input_scale;
}

#if QUILL_HAVE_AVX2_PATH

/// 16 int8 weights sign-extended to int16, times 16 int16 inputs, summed in pairs into 8 int32.
__attribute__((target("avx2")))
static inline __m256i quill_madd16(const int8_t *w, __m256i x) {
    __m256i wide = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)w));
    return _mm256_madd_epi16(wide, x);
}

/// The horizontal sums of four vectors of 8 int32: [sum a, sum b, sum c, sum d].
__attribute__((target("avx2")))
static inline __m128i quill_sum4(__m256i a, __m256i b, __m256i c, __m256i d) {
    __m256i pairs = _mm256_hadd_epi32(_mm256_hadd_epi32(a, b), _mm256_hadd_epi32(c, d));
    return _mm_add_epi32(_mm256_castsi256_si128(pairs), _mm256_extracti128_si256(pairs, 1));
}

/// Exact sums of w_k[c] * x[c] over `start ..< end` (at most one block) for four rows at once:
/// each 16-column slice of the input is loaded once for the four rows; the columns past the last
/// multiple of 16 go through the scalar loop. `next`: the next four rows (4 x columns bytes, in a
/// row), fetched into L1 a cache line per 16 columns while these are computed (8% faster at W6's
/// size than leaving it to the hardware prefetcher).
__attribute__((target("avx2")))
static inline __m128i quill_dot4_block_avx2(const int8_t *w0, const int8_t *w1, const int8_t *w2, const int8_t *w3,
                                            const int8_t *next, const int16_t *x, size_t start, size_t end) {
    __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
    size_t c = start;
    for (; c + 16 <= end; c += 16) {
        _mm_prefetch((const char *)(next + 4 * c), _MM_HINT_T0);
        __m256i xs = _mm256_loadu_si256((const __m256i *)(x + c));
        a0 = _mm256_add_epi32(a0, quill_madd16(w0 + c, xs));
        a1 = _mm256_add_epi32(a1, quill_madd16(w1 + c, xs));
        a2 = _mm256_add_epi32(a2, quill_madd16(w2 + c, xs));
        a3 = _mm256_add_epi32(a3, quill_madd16(w3 + c, xs));
    }
    __m128i sums = quill_sum4(a0, a1, a2, a3);
    if (c < end) {
        __m128i tail = _mm_setr_epi32(quill_dot_block(w0, x, c, end), quill_dot_block(w1, x, c, end),
                                      quill_dot_block(w2, x, c, end), quill_dot_block(w3, x, c, end));
        sums = _mm_add_epi32(sums, tail);
    }
    return sums;
}

/// Four rows at a time. Up to 512 columns in multiples of 16 (one block without a tail: W6's 256
/// inputs) the four int32 sums are finished as one vector, with the operations of `quill_finish`
/// in the same order, so the result is the same to the bit; otherwise the block sums are added
/// into int64 and finished one by one. The last `rows % 4` rows reuse the four-row kernel on the
/// last row repeated.
__attribute__((target("avx2")))
static float quill_int8_gemv_avx2(const int8_t *weights, const float *row_scales, const float *bias,
                                  size_t rows, size_t columns, const float *input, int16_t *scratch, float *output) {
    float input_scale = quill_quantize_input(input, columns, scratch);
    if (input_scale != input_scale) { quill_fill_nan(output, rows); return input_scale; }
    const int16_t *x = scratch;
    size_t r = 0;
    if (columns <= QUILL_BLOCK_COLUMNS && columns % 16 == 0) {
        // The common case (W6: 256 inputs) on its own loop: no column tail, so that every pointer
        // stays in a register.
        __m128 input_scales = _mm_set1_ps(input_scale);
        for (; r + 4 <= rows; r += 4) {
            const int8_t *w0 = weights + r * columns, *w1 = w0 + columns, *w2 = w1 + columns, *w3 = w2 + columns;
            const int8_t *next = r + 8 <= rows ? w0 + 4 * columns : w0;   // the last group fetches itself again
            __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
            for (size_t c = 0; c < columns; c += 16) {
                _mm_prefetch((const char *)(next + 4 * c), _MM_HINT_T0);
                __m256i xs = _mm256_loadu_si256((const __m256i *)(x + c));
                a0 = _mm256_add_epi32(a0, quill_madd16(w0 + c, xs));
                a1 = _mm256_add_epi32(a1, quill_madd16(w1 + c, xs));
                a2 = _mm256_add_epi32(a2, quill_madd16(w2 + c, xs));
                a3 = _mm256_add_epi32(a3, quill_madd16(w3 + c, xs));
            }
            __m128 scale = _mm_mul_ps(_mm_loadu_ps(row_scales + r), input_scales);
            __m128 value = _mm_mul_ps(_mm_cvtepi32_ps(quill_sum4(a0, a1, a2, a3)), scale);
            if (bias) value = _mm_add_ps(_mm_loadu_ps(bias + r), value);
            _mm_storeu_ps(output + r, value);
        }
    }
    for (; r < rows; r += 4) {
        // Rows r ..< r + 4, or the last one to three rows with the last row standing in for the missing ones.
        size_t last = rows - 1, count = rows - r < 4 ? rows - r : 4;
        const int8_t *w0 = weights + r * columns;
        const int8_t *w1 = weights + (r + 1 < rows ? r + 1 : last) * columns;
        const int8_t *w2 = weights + (r + 2 < rows ? r + 2 : last) * columns;
        const int8_t *w3 = weights + (r + 3 < rows ? r + 3 : last) * columns;
        int64_t total[4] = {0, 0, 0, 0};
        for (size_t start = 0; start < columns; start += QUILL_BLOCK_COLUMNS) {
            size_t end = columns - start < QUILL_BLOCK_COLUMNS ? columns : start + QUILL_BLOCK_COLUMNS;
            int32_t sums[4];
            _mm_storeu_si128((__m128i *)sums, quill_dot4_block_avx2(w0, w1, w2, w3, r + 8 <= rows ? w0 + 4 * columns : w0,
                                                                      x, start, end));
            for (size_t k = 0; k < 4; k++) total[k] += sums[k];
        }
        for (size_t k = 0; k < count; k++) output[r + k] = quill_finish(total[k], row_scales[r + k], input_scale, bias, r + k);
    }
    return input_scale;
}

/// AVX2 (Haswell and later, Zen): checked once; the answer cannot change while the process runs.
static int quill_cpu_has_avx2(void) {
    static _Atomic int cached = -1;
    int value = cached;
    if (value < 0) {
        __builtin_cpu_init();
        value = __builtin_cpu_supports("avx2") ? 1 : 0;
        cached = value;
    }
    return value;
}

#endif

float quill_int8_gemv(const int8_t *weights, const float *row_scales, const float *bias,
                      size_t rows, size_t columns, const float *input, int16_t *scratch, float *output) {
#if QUILL_HAVE_AVX2_PATH
    if (quill_cpu_has_avx2()) return quill_int8_gemv_avx2(weights, row_scales, bias, rows, columns, input, scratch, output);
#endif
    return quill_int8_gemv_scalar(weights, row_scales, bias, rows, columns, input, scratch, output);
}

const char *quill_int8_gemv_path(void) {
#if QUILL_HAVE_AVX2_PATH
    if (quill_cpu_has_avx2()) return "avx2";
#endif
    return "scalar";
}

// Refinement of the largest outputs: a second int8 matrix holds what the first one's rounding
// left over, read only for the few rows whose outputs matter most (a softmax layer's top candidates).

void quill_int8_quantize_residuals(const float *weights, size_t rows, size_t columns,
                                   const int8_t *quantized, const float *row_scales,
                                   int8_t *residuals, float *residual_scales) {
    for (size_t r = 0; r < rows; r++) {
        const float *row = weights + r * columns;
        const int8_t *q = quantized + r * columns;
        int8_t *out = residuals + r * columns;
        float maximum = 0;
        for (size_t c = 0; c < columns; c++) {
            float residual = fabsf(row[c] - row_scales[r] * (float)q[c]);
            maximum = residual > maximum ? residual : maximum;
        }
        if (!(maximum >= quill_tiny) || !isfinite(maximum)) {
            for (size_t c = 0; c < columns; c++) out[c] = 0;
            residual_scales[r] = 0;
            continue;
        }
        float multiplier = (float)QUILL_INT8_WEIGHT_MAX / maximum;
        for (size_t c = 0; c < columns; c++) {
            int32_t value = quill_round((row[c] - row_scales[r] * (float)q[c]) * multiplier);
            if (value > QUILL_INT8_WEIGHT_MAX) value = QUILL_INT8_WEIGHT_MAX;
            if (value < -QUILL_INT8_WEIGHT_MAX) value = -QUILL_INT8_WEIGHT_MAX;
            out[c] = (int8_t)value;
        }
        residual_scales[r] = maximum / (float)QUILL_INT8_WEIGHT_MAX;
    }
}

size_t quill_int8_refine_largest(const int8_t *weights, const float *row_scales,
                                 const int8_t *residuals, const float *residual_scales, const float *bias,
                                 size_t rows, size_t columns, const int16_t *quantized_input, float input_scale,
                                 size_t count, int32_t *indices, float *output) {
    if (count > QUILL_REFINE_MAX) count = QUILL_REFINE_MAX;
    if (count > rows) count = rows;
    if (count == 0 || input_scale != input_scale) return 0;
    float largest[QUILL_REFINE_MAX];
    size_t found = quill_largest(output, rows, count, indices, largest);
    for (size_t k = 0; k < found; k++) {
        size_t r = (size_t)indices[k];
        int64_t coarse = quill_dot(weights + r * columns, quantized_input, columns);
        int64_t fine = quill_dot(residuals + r * columns, quantized_input, columns);
        float value = (float)coarse * (row_scales[r] * input_scale) + (float)fine * (residual_scales[r] * input_scale);
        output[r] = bias ? bias[r] + value : value;
    }
    return found;
}
