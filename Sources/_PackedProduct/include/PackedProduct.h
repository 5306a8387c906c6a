// Matrix products whose right-hand operand is packed once and used many times: the per-step
// products of a recurrence, `h_t x W_hh^T` forward and `dGates_t x W_hh` backward, which meet
// the same weights at every step. A general GEMM (OpenBLAS's) copies the whole right-hand matrix
// into its panel layout on every call, which is about a fifth of a training step at batch 32; here
// that copy is done once per sequence.
//
// Row-major throughout. `B` is K x N; its packed form is ceil(N / 16) panels of K x 16 floats, in
// which panel p holds columns 16p ..< 16p + 16 of every row k contiguously (columns past N are 0).
#ifndef QUILL_PACKED_PRODUCT_H
#define QUILL_PACKED_PRODUCT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// How many panels of 16 columns the packed form of a matrix of N columns has: ceil(N / 16).
size_t quill_panel_count(size_t n);

/// How many floats the packed form of a K x N matrix takes: ceil(N / 16) * 16 * K.
size_t quill_packed_count(size_t k, size_t n);

/// Packs the K x N matrix `B`, whose element (row i, column j) is `b[i * row_stride + j * column_stride]`
/// (so `B` or a transposed view of a stored matrix), into `packed` (`quill_packed_count(k, n)` floats,
/// 32-byte aligned). Only panels `first_panel ..< end_panel` (columns 16 * first_panel ..< 16 *
/// end_panel) are written, so threads can pack disjoint panels of one matrix; 0 and
/// `quill_panel_count(n)` pack it all. Any CPU.
void quill_pack(const float *b, size_t k, size_t n, size_t row_stride, size_t column_stride,
                size_t first_panel, size_t end_panel, float *packed);

/// C = A B, or C += A B when `accumulate` is nonzero. `A` is M x K with rows `lda` apart, `C` is
/// M x N with rows `ldc` apart, `packed` is `B` from `quill_pack`. Each element of C is summed over
/// k in order with fused multiply-adds, so a row's result does not depend on M or on which rows
/// come with it. Call only when `quill_vector_avx2_available()` (_VectorKernels: x86-64 with AVX2
/// and FMA); elsewhere callers keep using a general GEMM.
void quill_packed_product(const float *a, size_t lda, const float *packed, float *c, size_t ldc,
                          size_t m, size_t n, size_t k, int accumulate);

#ifdef __cplusplus
}
#endif

#endif
