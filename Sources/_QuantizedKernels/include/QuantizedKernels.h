// Reduced-precision matrix-vector products for Quill's batch-1 inference (RecurrentCore's
// QuantizedLinear): int8 weights with one Float32 scale per row, times an input vector that is
// quantized to int16 on each call.
//
//   y[r] = bias[r] + row_scales[r] * input_scale * sum_c w[r, c] * xq[c]
//
// where w[r, c] = round(W[r, c] / row_scales[r]) in [-127, 127], row_scales[r] = max_c |W[r, c]| / 127,
// xq[c] = round(x[c] / input_scale) in [-32767, 32767] and input_scale = max_c |x[c]| / 32767.
// The integer sums are exact, so every path (AVX2 or portable) gives bit-identical results.
#ifndef QUILL_QUANTIZED_KERNELS_H
#define QUILL_QUANTIZED_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Largest magnitude of a quantized weight (symmetric: -128 is never used).
#define QUILL_INT8_WEIGHT_MAX 127
/// Largest magnitude of a quantized input element (symmetric: -32768 is never used).
#define QUILL_INT16_INPUT_MAX 32767

/// Quantizes `rows` x `columns` row-major Float32 weights to int8, one symmetric scale per row:
/// `scales[r] = max_c |weights[r, c]| / 127`, `quantized[r, c] = round(weights[r, c] / scales[r])`
/// (half away from zero). An all-zero row gets scale 0 and zero weights. Weights must be finite.
void quill_int8_quantize_rows(const float *weights, size_t rows, size_t columns,
                              int8_t *quantized, float *scales);

/// `output [rows] = bias + dequantized(weights [rows, columns]) x quantized(input [columns])`,
/// on the fastest path this CPU has (see `quill_int8_gemv_path`). Returns the input's scale (0 for
/// an all-zero input, NaN for a non-finite one); `scratch` then holds the quantized input, which
/// `quill_int8_refine_largest` reads.
///
/// `weights`: int8, row-major, `columns` bytes per row (no alignment needed, 64 bytes is best);
/// `row_scales`: `rows` floats; `bias`: `rows` floats or NULL (no bias); `input`: `columns` floats;
/// `scratch`: `columns` int16s the caller owns (it receives the quantized input; nothing is
/// allocated per call); `output`: `rows` floats. If the input holds a NaN or an infinity, every
/// output is NaN (as the Float32 product would be, or nearly).
float quill_int8_gemv(const int8_t *weights, const float *row_scales, const float *bias,
                      size_t rows, size_t columns, const float *input, int16_t *scratch, float *output);

/// The portable path of `quill_int8_gemv`, always available: same arguments, bit-identical output.
/// Exposed so that tests can compare it with the vector path.
float quill_int8_gemv_scalar(const int8_t *weights, const float *row_scales, const float *bias,
                             size_t rows, size_t columns, const float *input, int16_t *scratch, float *output);

/// The most rows `quill_int8_refine_largest` refines in one call.
#define QUILL_REFINE_MAX 64

/// Second-level weights for refinement: per row, what int8 rounding left over,
/// `W[r, c] - row_scales[r] * quantized[r, c]`, itself quantized to int8 with its own scale
/// `residual_scales[r]` (at most `row_scales[r] / 254`). Weight plus residual is within
/// `residual_scales[r] / 2` of `W`: about 1/64,500 of the row's range instead of 1/254.
void quill_int8_quantize_residuals(const float *weights, size_t rows, size_t columns,
                                   const int8_t *quantized, const float *row_scales,
                                   int8_t *residuals, float *residual_scales);

/// Recomputes the `count` largest outputs of a `quill_int8_gemv` call (`count` at most
/// `QUILL_REFINE_MAX` and `rows`; ties go to the lower row) from weight plus residual, so that the
/// ranking at the top agrees with the full-precision product. Reads only those rows' weights:
/// `count` x 2 x `columns` bytes.
///
/// `quantized_input` and `input_scale`: the call's `scratch` and return value; `output`: its output,
/// updated in place; `indices`: `count` int32s the caller owns, which receive the refined rows,
/// largest int8 output first. Returns how many rows were refined (fewer than `count` only when
/// `rows` is smaller or the outputs are NaN).
size_t quill_int8_refine_largest(const int8_t *weights, const float *row_scales,
                                 const int8_t *residuals, const float *residual_scales, const float *bias,
                                 size_t rows, size_t columns, const int16_t *quantized_input, float input_scale,
                                 size_t count, int32_t *indices, float *output);

/// The path `quill_int8_gemv` takes on this CPU: "avx2" or "scalar" (a static string).
const char *quill_int8_gemv_path(void);

#ifdef __cplusplus
}
#endif

#endif
