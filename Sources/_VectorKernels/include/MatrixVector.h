// The matrix-vector product of batch-1 inference (a recurrent step's W_ih x and W_hh h, a dense
// layer over one vector) on AVX2 + FMA, for RecurrentCore's BLAS.gemv, which calls it when
// `quill_vector_avx2_available()` and OpenBLAS's sgemv elsewhere.
#ifndef QUILL_MATRIX_VECTOR_H
#define QUILL_MATRIX_VECTOR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// y = alpha * W x + beta * y, with `W` row-major `rows` x `columns` (rows `columns` apart), `x`
/// `columns` long and `y` `rows` long. With beta 0, `y` is only written (NaNs in it do not
/// propagate), as BLAS specifies. Each row's dot product is summed in the same order whatever
/// `rows` is.
void quill_matrix_vector_avx2(const float *w, size_t rows, size_t columns, const float *x, float *y,
                              float alpha, float beta);

#ifdef __cplusplus
}
#endif

#endif
