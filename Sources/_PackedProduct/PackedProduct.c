// See include/PackedProduct.h. The kernel keeps a 6 x 16 block of C in twelve AVX registers: per
// k it loads one row of a panel (two vectors), broadcasts six values of A and issues twelve fused
// multiply-adds, enough independent chains to keep both FMA pipes busy. Panels are the outer loop,
// so each panel (K x 64 bytes) is read from memory once per call and then served from L1/L2 to
// every block of rows, while A (a few rows of a recurrent state) stays in cache throughout.
//
// Compiled for AVX2 + FMA through function attributes, not compiler flags (the package takes no
// unsafeFlags), and used only when the CPU has both.
#include "PackedProduct.h"

#include <string.h>

enum { PANEL = 16, ROWS = 6 };

size_t quill_packed_count(size_t k, size_t n) {
    return (n + PANEL - 1) / PANEL * PANEL * k;
}

void quill_pack(const float *b, size_t k, size_t n, size_t row_stride, size_t column_stride, float *packed) {
    for (size_t first = 0; first < n; first += PANEL) {
        size_t width = n - first < PANEL ? n - first : PANEL;
        float *panel = packed + first * k;
        for (size_t i = 0; i < k; i++) {
            const float *row = b + i * row_stride + first * column_stride;
            float *out = panel + i * PANEL;
            size_t j = 0;
            for (; j < width; j++) out[j] = row[j * column_stride];
            for (; j < PANEL; j++) out[j] = 0;
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

int quill_packed_product_available(void) {
    static _Atomic int cached = -1;
    int value = cached;
    if (value < 0) {
        __builtin_cpu_init();
        value = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0;
        cached = value;
    }
    return value;
}

/// C[rows x width] (=|+=) A[rows x k] * panel, rows <= 6, width <= 16. `rows` is a constant at
/// every call site (see `block`), so the loops unroll and the accumulators live in registers.
__attribute__((target("avx2,fma"), always_inline))
static inline void kernel(const int rows, const float *a, size_t lda, const float *panel, size_t k,
                          float *c, size_t ldc, size_t width, int accumulate) {
    __m256 low[ROWS], high[ROWS];
    for (int r = 0; r < rows; r++) low[r] = high[r] = _mm256_setzero_ps();
    for (size_t i = 0; i < k; i++) {
        __m256 b0 = _mm256_load_ps(panel + i * PANEL), b1 = _mm256_load_ps(panel + i * PANEL + 8);
        for (int r = 0; r < rows; r++) {
            __m256 x = _mm256_broadcast_ss(a + r * lda + i);
            low[r] = _mm256_fmadd_ps(x, b0, low[r]);
            high[r] = _mm256_fmadd_ps(x, b1, high[r]);
        }
    }
    if (width == PANEL) {
        for (int r = 0; r < rows; r++) {
            float *out = c + r * ldc;
            if (accumulate) {
                low[r] = _mm256_add_ps(low[r], _mm256_loadu_ps(out));
                high[r] = _mm256_add_ps(high[r], _mm256_loadu_ps(out + 8));
            }
            _mm256_storeu_ps(out, low[r]);
            _mm256_storeu_ps(out + 8, high[r]);
        }
    } else {   // the last panel of an N that is not a multiple of 16
        float spill[PANEL];
        for (int r = 0; r < rows; r++) {
            float *out = c + r * ldc;
            _mm256_storeu_ps(spill, low[r]);
            _mm256_storeu_ps(spill + 8, high[r]);
            for (size_t j = 0; j < width; j++) out[j] = accumulate ? out[j] + spill[j] : spill[j];
        }
    }
}

/// One block of at most six rows against one panel, dispatched to a kernel with a constant row count.
__attribute__((target("avx2,fma")))
static void block(size_t rows, const float *a, size_t lda, const float *panel, size_t k,
                  float *c, size_t ldc, size_t width, int accumulate) {
    switch (rows) {
    case 6: kernel(6, a, lda, panel, k, c, ldc, width, accumulate); break;
    case 5: kernel(5, a, lda, panel, k, c, ldc, width, accumulate); break;
    case 4: kernel(4, a, lda, panel, k, c, ldc, width, accumulate); break;
    case 3: kernel(3, a, lda, panel, k, c, ldc, width, accumulate); break;
    case 2: kernel(2, a, lda, panel, k, c, ldc, width, accumulate); break;
    default: kernel(1, a, lda, panel, k, c, ldc, width, accumulate); break;
    }
}

__attribute__((target("avx2,fma")))
void quill_packed_product(const float *a, size_t lda, const float *packed, float *c, size_t ldc,
                          size_t m, size_t n, size_t k, int accumulate) {
    if (m == 0 || n == 0) return;
    if (k == 0) {   // an empty sum: C = 0, or C unchanged
        if (!accumulate) for (size_t r = 0; r < m; r++) memset(c + r * ldc, 0, n * sizeof(float));
        return;
    }
    for (size_t first = 0; first < n; first += PANEL) {
        size_t width = n - first < PANEL ? n - first : PANEL;
        const float *panel = packed + first * k;
        for (size_t row = 0; row < m; row += ROWS) {
            size_t rows = m - row < ROWS ? m - row : ROWS;
            block(rows, a + row * lda, lda, panel, k, c + row * ldc + first, ldc, width, accumulate);
        }
    }
}

#else

int quill_packed_product_available(void) { return 0; }

void quill_packed_product(const float *a, size_t lda, const float *packed, float *c, size_t ldc,
                          size_t m, size_t n, size_t k, int accumulate) {
    (void)a; (void)lda; (void)packed; (void)c; (void)ldc; (void)m; (void)n; (void)k; (void)accumulate;
    // never called: quill_packed_product_available() is 0
}

#endif
