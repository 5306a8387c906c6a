// See include/MatrixVector.h. Four rows at a time: per 16 columns, two vectors of x serve four
// rows, each row with two accumulators (eight independent chains of fused multiply-adds), and the
// rows' sums are reduced together by horizontal adds. The four row streams and x are read
// sequentially, which the hardware prefetchers follow; a batch-1 step is bound by reading the
// weights (a 2 x 256 char-LSTM reads 3.4 MB per step), and this reads them about a tenth faster
// than OpenBLAS 0.3.21's sgemv on Zen 3.
#include "MatrixVector.h"

#if defined(__x86_64__)
#include "Math8.h"

/// The dot products of `ROWS_` consecutive rows of W with x, as one vector (lane r = row r; lanes
/// past ROWS_ are unspecified). Every row is summed the same way: per 8-column block j, into
/// accumulator (j / 8) % 2, the masked tail block last, then the two accumulators and the lanes.
#define DOT_ROWS(ROWS_)                                                                               \
    __m256 even[ROWS_], odd[ROWS_];                                                                   \
    for (int r = 0; r < ROWS_; r++) even[r] = odd[r] = _mm256_setzero_ps();                           \
    size_t j = 0;                                                                                     \
    for (; j + 16 <= columns; j += 16) {                                                              \
        __m256 x0 = _mm256_loadu_ps(x + j), x1 = _mm256_loadu_ps(x + j + 8);                          \
        for (int r = 0; r < ROWS_; r++) {                                                             \
            even[r] = _mm256_fmadd_ps(_mm256_loadu_ps(w + r * columns + j), x0, even[r]);             \
            odd[r] = _mm256_fmadd_ps(_mm256_loadu_ps(w + r * columns + j + 8), x1, odd[r]);           \
        }                                                                                             \
    }                                                                                                 \
    for (int half = 0; j < columns; j += 8, half ^= 1) {                                              \
        size_t lanes = columns - j < 8 ? columns - j : 8;                                             \
        __m256i mask = quill_tail_mask(lanes);                                                        \
        __m256 x0 = quill_load8(x + j, lanes, mask);                                                  \
        for (int r = 0; r < ROWS_; r++) {                                                             \
            __m256 row = quill_load8(w + r * columns + j, lanes, mask);                               \
            if (half) odd[r] = _mm256_fmadd_ps(row, x0, odd[r]); else even[r] = _mm256_fmadd_ps(row, x0, even[r]); \
        }                                                                                             \
    }                                                                                                 \
    __m256 sums[4];                                                                                   \
    for (int r = 0; r < 4; r++) sums[r] = r < ROWS_ ? _mm256_add_ps(even[r], odd[r]) : _mm256_setzero_ps(); \
    __m256 pairs = _mm256_hadd_ps(_mm256_hadd_ps(sums[0], sums[1]), _mm256_hadd_ps(sums[2], sums[3]));  \
    __m128 dots = _mm_add_ps(_mm256_castps256_ps128(pairs), _mm256_extractf128_ps(pairs, 1));

__attribute__((target("avx2,fma")))
void quill_matrix_vector_avx2(const float *w, size_t rows, size_t columns, const float *x, float *y,
                              float alpha, float beta) {
    size_t row = 0;
    for (; row + 4 <= rows; row += 4, w += 4 * columns) {
        DOT_ROWS(4)
        __m128 result = _mm_mul_ps(dots, _mm_set1_ps(alpha));
        if (beta != 0) result = _mm_add_ps(result, _mm_mul_ps(_mm_set1_ps(beta), _mm_loadu_ps(y + row)));
        _mm_storeu_ps(y + row, result);
    }
    for (; row < rows; row++, w += columns) {
        DOT_ROWS(1)
        float result = alpha * _mm_cvtss_f32(dots);
        y[row] = beta != 0 ? result + beta * y[row] : result;
    }
}

#else

void quill_matrix_vector_avx2(const float *w, size_t rows, size_t columns, const float *x, float *y,
                              float alpha, float beta) {
    // Never called off x86-64: quill_vector_avx2_available() is 0 and BLAS.gemv calls sgemv.
    (void)w; (void)rows; (void)columns; (void)x; (void)y; (void)alpha; (void)beta;
}

#endif
