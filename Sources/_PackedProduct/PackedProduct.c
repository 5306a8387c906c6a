// See include/PackedProduct.h. The kernel keeps a 6 x 16 block of C in twelve AVX registers: per
// k it loads one row of a panel (two vectors), broadcasts six values of A and issues twelve fused
// multiply-adds, enough independent chains to keep both FMA pipes busy (for one to three rows it
// takes several panels at once instead). Panels are the outer loop,
// so each panel (K x 64 bytes) is read from memory once per call and then served from L1/L2 to
// every block of rows, while A (a few rows of a recurrent state) stays in cache throughout.
//
// Compiled for AVX2 + FMA through function attributes, not compiler flags (the package takes no
// unsafeFlags), and used only when the CPU has both.
#include "PackedProduct.h"

#include <string.h>

enum { PANEL = 16, ROWS = 6 };

size_t quill_panel_count(size_t n) {
    return (n + PANEL - 1) / PANEL;
}

size_t quill_packed_count(size_t k, size_t n) {
    return quill_panel_count(n) * PANEL * k;
}

void quill_pack(const float *b, size_t k, size_t n, size_t row_stride, size_t column_stride,
                size_t first_panel, size_t end_panel, float *packed) {
    size_t end = end_panel * PANEL < n ? end_panel * PANEL : n;
    for (size_t first = first_panel * PANEL; first < end; first += PANEL) {
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

/// C[rows x (16 * (panels - 1) + width)] (=|+=) A[rows x k] * `panels` consecutive panels, with
/// rows * panels <= 6 (twelve accumulators) and `width` <= 16 the columns of the last panel. `rows`
/// and `panels` are constants at every call site (see `block`), so the loops unroll and the
/// accumulators live in registers. Several panels serve one or two rows (a batch of one sentence):
/// one panel alone would leave a single chain of dependent multiply-adds per vector. Every element
/// is summed over k in order whatever the shape, so results never depend on it.
__attribute__((target("avx2,fma"), always_inline))
static inline void kernel(const int rows, const int panels, const float *a, size_t lda, const float *packed, size_t k,
                          float *c, size_t ldc, size_t width, int accumulate) {
    __m256 low[ROWS], high[ROWS];   // [r * panels + q]
    for (int x = 0; x < rows * panels; x++) low[x] = high[x] = _mm256_setzero_ps();
    for (size_t i = 0; i < k; i++) {
        for (int q = 0; q < panels; q++) {
            const float *row = packed + (size_t)q * PANEL * k + i * PANEL;
            __m256 b0 = _mm256_load_ps(row), b1 = _mm256_load_ps(row + 8);
            for (int r = 0; r < rows; r++) {
                __m256 x = _mm256_broadcast_ss(a + r * lda + i);
                low[r * panels + q] = _mm256_fmadd_ps(x, b0, low[r * panels + q]);
                high[r * panels + q] = _mm256_fmadd_ps(x, b1, high[r * panels + q]);
            }
        }
    }
    for (int r = 0; r < rows; r++) {
        for (int q = 0; q < panels; q++) {
            float *out = c + r * ldc + q * PANEL;
            __m256 l = low[r * panels + q], h = high[r * panels + q];
            if (q < panels - 1 || width == PANEL) {
                if (accumulate) {
                    l = _mm256_add_ps(l, _mm256_loadu_ps(out));
                    h = _mm256_add_ps(h, _mm256_loadu_ps(out + 8));
                }
                _mm256_storeu_ps(out, l);
                _mm256_storeu_ps(out + 8, h);
            } else {   // the last panel of an N that is not a multiple of 16
                float spill[PANEL];
                _mm256_storeu_ps(spill, l);
                _mm256_storeu_ps(spill + 8, h);
                for (size_t j = 0; j < width; j++) out[j] = accumulate ? out[j] + spill[j] : spill[j];
            }
        }
    }
}

#define KERNEL(ROWS_, PANELS_) kernel(ROWS_, PANELS_, a, lda, packed, k, c, ldc, width, accumulate)

/// One block of `rows` <= 6 rows against `panels` panels (rows * panels <= 6), dispatched to a
/// kernel with constant sizes.
__attribute__((target("avx2,fma")))
static void block(size_t rows, size_t panels, const float *a, size_t lda, const float *packed, size_t k,
                  float *c, size_t ldc, size_t width, int accumulate) {
    switch (rows * 8 + panels) {
    case 6 * 8 + 1: KERNEL(6, 1); break;
    case 5 * 8 + 1: KERNEL(5, 1); break;
    case 4 * 8 + 1: KERNEL(4, 1); break;
    case 3 * 8 + 2: KERNEL(3, 2); break;
    case 3 * 8 + 1: KERNEL(3, 1); break;
    case 2 * 8 + 3: KERNEL(2, 3); break;
    case 2 * 8 + 2: KERNEL(2, 2); break;
    case 2 * 8 + 1: KERNEL(2, 1); break;
    case 1 * 8 + 6: KERNEL(1, 6); break;
    case 1 * 8 + 5: KERNEL(1, 5); break;
    case 1 * 8 + 4: KERNEL(1, 4); break;
    case 1 * 8 + 3: KERNEL(1, 3); break;
    case 1 * 8 + 2: KERNEL(1, 2); break;
    default: KERNEL(1, 1); break;
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
    size_t panelCount = (n + PANEL - 1) / PANEL;
    // Up to three rows: one block of rows over groups of panels. More: blocks of six rows (and
    // the rest) under each panel, which then stays in cache for all of them.
    size_t group = m <= 3 ? ROWS / m : 1;
    for (size_t first = 0; first < panelCount; first += group) {
        size_t panels = panelCount - first < group ? panelCount - first : group;
        size_t width = first + panels == panelCount ? n - (panelCount - 1) * PANEL : PANEL;
        const float *panel = packed + first * PANEL * k;
        for (size_t row = 0; row < m; row += ROWS) {
            size_t rows = m - row < ROWS ? m - row : ROWS;
            block(rows, panels, a + row * lda, lda, panel, k, c + row * ldc + first * PANEL, ldc, width, accumulate);
        }
    }
}

#else

void quill_packed_product(const float *a, size_t lda, const float *packed, float *c, size_t ldc,
                          size_t m, size_t n, size_t k, int accumulate) {
    (void)a; (void)lda; (void)packed; (void)c; (void)ldc; (void)m; (void)n; (void)k; (void)accumulate;
    // never called: quill_vector_avx2_available() is 0 off x86-64
}

#endif
