// Vector kernels behind RecurrentCore's VectorMath that Swift's SIMD types compile poorly on the
// baseline x86-64 target: AVX2 + FMA versions of its passes, compiled through function attributes
// (the package takes no compiler flags) and used only when the CPU has both (VectorMath's portable
// Swift code runs everywhere else); and a top-k selection in portable C, which the compiler
// vectorises where Swift turns the same loop into a branch per value.
#ifndef QUILL_VECTOR_KERNELS_H
#define QUILL_VECTOR_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 if this CPU runs the `_avx2` functions below (AVX2 and FMA), else 0. Checked once.
int quill_vector_avx2_available(void);

/// Softmax of `count` floats in place: the maximum subtracted, `e^x` (VectorMath.exp's reduction
/// and polynomial, with fused multiply-adds), the sum, the scaling by its inverse. Returns
/// `log sum e^x`, as VectorMath.softmax. `count` > 0. Call only when `quill_vector_avx2_available()`.
float quill_softmax_avx2(float *values, size_t count);

/// The `count` largest of `length` floats, largest first: their positions into `indices` and their
/// values into `largest` (both `count` long, owned by the caller). Ties go to the lower position;
/// NaNs and -infinity are passed over. Returns how many were found (`count`, unless `length` is
/// smaller or the values run out). Any CPU.
size_t quill_largest(const float *values, size_t length, size_t count, int32_t *indices, float *largest);

#ifdef __cplusplus
}
#endif

#endif
