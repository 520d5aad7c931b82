/*
 * strata/backend.h: the Strata backend ABI, version 1.
 *
 * A Strata backend is a shared library that exports exactly one symbol, `strata_backend_get_api`,
 * with C linkage. The host (the Strata core, the `strata` tool, a conformance run) loads the
 * library, calls that symbol once, and from then on talks to the backend only through the
 * function table it returns. This header is the whole contract; read it top to bottom.
 *
 * ---------------------------------------------------------------------------------------------
 * 1. Versioning
 * ---------------------------------------------------------------------------------------------
 * The ABI has a major and a minor version (STRATA_ABI_MAJOR, STRATA_ABI_MINOR).
 *
 *  - A major change breaks compatibility: a host asks for the major it speaks, and a plugin that
 *    does not speak it returns NULL from `strata_backend_get_api`.
 *  - A minor change only appends: new slots at the end of a table, new fields at the end of a
 *    struct, new enum values, new op sub-codes. Nothing is ever removed, reordered or retyped
 *    within a major version. `static_assert`s at the bottom of this file pin every slot offset
 *    so an accidental reorder fails to compile.
 *  - The host never demands an exact minor. It needs the same major, and for each slot it calls,
 *    a table long enough to contain it and a non-NULL pointer there.
 *  - Every struct that crosses the ABI starts with `size_t struct_size`, set by whoever fills the
 *    struct to `sizeof` of the struct as they compiled it. A reader accepts a larger struct
 *    (newer writer: ignore the fields you do not know) and a smaller one (older writer: fields
 *    beyond `struct_size` read as zero). STRATA_STRUCT_HAS(ptr, type, field) is the test.
 *
 * ---------------------------------------------------------------------------------------------
 * 2. Errors are values
 * ---------------------------------------------------------------------------------------------
 * Every fallible call returns `strata_error*`: NULL on success, otherwise an error object the
 * plugin allocated. The host reads it with `error_code` and `error_message` and releases it with
 * `error_destroy`. Messages name the op, the dtypes and shapes involved and the reason, e.g.
 * "matmul: a is f32[3,4], b is f32[5,6]: inner dimensions 4 and 5 differ".
 * Nothing crosses the boundary by throwing, and a plugin never calls exit() or abort() on bad
 * input. A plugin that cannot even allocate an error object may return a statically allocated
 * one (its `error_destroy` must then do nothing for it).
 *
 * A NULL slot in the table means "not implemented"; the host never calls it. Ops a plugin does
 * not implement are reported by `supports` (below) and executed by the host elsewhere.
 *
 * ---------------------------------------------------------------------------------------------
 * 3. Ownership and lifetimes
 * ---------------------------------------------------------------------------------------------
 * Each pointer in this header says who owns it and how long it lives. The general rules:
 *  - Strings cross as pointer + length (not NUL-terminated unless stated).
 *  - Pointers the host passes in are borrowed for the duration of the call only, unless the slot
 *    says otherwise. The plugin copies what it needs to keep.
 *  - Objects the plugin creates (instances, buffers, errors) are opaque to the host and are
 *    released through the matching destroy/free slot of the same plugin.
 *  - The host never unloads a plugin library, so static data in the plugin lives forever.
 *
 * ---------------------------------------------------------------------------------------------
 * 4. Threads
 * ---------------------------------------------------------------------------------------------
 * One instance is used by one host thread at a time (the host serialises calls per instance).
 * Separate instances of the same plugin may be used from different threads concurrently, so
 * mutable global state in a plugin must be synchronised. Inside a call the plugin may use as
 * many threads of its own as it was told to (`num_threads`).
 *
 * ---------------------------------------------------------------------------------------------
 * 5. Asynchrony
 * ---------------------------------------------------------------------------------------------
 * `execute` may only enqueue work. Work on one instance runs in submission order, as if each op
 * completed before the next started. `buffer_read` and `synchronize` wait for all enqueued work.
 * An error found while validating the call is returned by `execute`; an error found later, while
 * running, is returned by the next `synchronize` or `buffer_read` of that instance.
 *
 * ---------------------------------------------------------------------------------------------
 * 6. Tensors
 * ---------------------------------------------------------------------------------------------
 * A tensor crosses as a `strata_tensor` descriptor: dtype, rank (0..8), shape, strides counted
 * in elements, a buffer and a byte offset into it. Element (i0, ..., i{r-1}) lives at byte
 *     byte_offset + elem_size(dtype) * sum_k(i_k * strides[k]).
 * Strides are >= 0. A stride of 0 broadcasts that dimension. Views, transposes and slices are
 * just descriptors: no op may assume a contiguous layout unless it checks for one. A dimension
 * of size 0 makes the tensor empty; ops on empty tensors succeed and touch nothing (reductions
 * over an empty axis produce the identity of the reduction, see STRATA_OP_REDUCE). An output
 * never aliases an input unless the op says it may (the in-place optimiser ops), and an output
 * is never broadcast (no stride 0 on a dimension larger than 1).
 */
#ifndef STRATA_BACKEND_H_
#define STRATA_BACKEND_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STRATA_ABI_MAJOR 1
#define STRATA_ABI_MINOR 0

/* Highest tensor rank the ABI carries. */
#define STRATA_MAX_RANK 8

/* True when `ptr` (a struct that starts with struct_size) is large enough to hold `field`. */
#define STRATA_STRUCT_HAS(ptr, type, field) \
  ((ptr)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

/* Exported symbol names, for hosts that look them up by string. */
#define STRATA_BOOTSTRAP_SYMBOL "strata_backend_get_api"

#if defined(_WIN32)
#define STRATA_PLUGIN_EXPORT __declspec(dllexport)
#else
#define STRATA_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/* =============================================================================================
 * Status
 * ============================================================================================= */

typedef enum strata_status_code {
  STRATA_OK = 0,
  STRATA_INVALID_ARGUMENT = 1, /* the call is malformed: shapes, dtypes, parameters */
  STRATA_UNSUPPORTED = 2,      /* well-formed, but this plugin does not do it */
  STRATA_OUT_OF_MEMORY = 3,    /* host or device allocation failed */
  STRATA_DEVICE_LOST = 4,      /* the device is gone; the instance is unusable afterwards */
  STRATA_INTERNAL = 5          /* a bug or an unexpected failure inside the plugin */
} strata_status_code;

/* Opaque, plugin-defined. Created by the plugin, released by the host with `error_destroy`. */
typedef struct strata_error strata_error;

/* =============================================================================================
 * Data types
 * ============================================================================================= */

typedef enum strata_dtype {
  STRATA_DTYPE_INVALID = 0,
  STRATA_F32 = 1,  /* IEEE binary32; every op supports it */
  STRATA_F64 = 2,  /* IEEE binary64; the reference backend, for gradient checks */
  STRATA_F16 = 3,  /* IEEE binary16; optional */
  STRATA_BF16 = 4, /* bfloat16; optional */
  STRATA_I32 = 5,  /* indices, labels */
  STRATA_I64 = 6,  /* indices, labels, argmax results */
  STRATA_U8 = 7    /* images, masks, comparison results (0 or 1) */
} strata_dtype;

/* =============================================================================================
 * Handles
 * ============================================================================================= */

/* Opaque, plugin-defined: one backend instance (a device context, a thread pool, a queue). */
typedef struct strata_instance strata_instance;

/* Opaque, plugin-defined: a block of memory owned by one instance. */
typedef struct strata_buffer strata_buffer;

/* =============================================================================================
 * Tensor descriptor
 * ============================================================================================= */

typedef struct strata_tensor {
  size_t struct_size;
  strata_dtype dtype;
  int32_t rank;                      /* 0 (a scalar) .. STRATA_MAX_RANK */
  int64_t shape[STRATA_MAX_RANK];    /* entries [rank..8) are ignored */
  int64_t strides[STRATA_MAX_RANK];  /* in elements, >= 0; 0 broadcasts */
  strata_buffer* buffer;             /* borrowed; owned by the same instance */
  uint64_t byte_offset;              /* of element (0, ..., 0) within the buffer */
} strata_tensor;

/* =============================================================================================
 * The op set, version 1
 *
 * An op call names the op, a sub-code for families, a pointer to the op's parameter struct (or
 * NULL where the op has none), and its input and output tensors in the order listed here.
 * "in/out" tensors are listed among the outputs; the op reads and then overwrites them.
 * Unless an op says otherwise, inputs and outputs have the same dtype, and floating-point ops
 * accept F32, F64, F16 and BF16 (a plugin says which through `supports`).
 * ============================================================================================= */

typedef enum strata_op {
  STRATA_OP_INVALID = 0,

  /* --- data movement ---------------------------------------------------------------------- */

  /* out[0] = value everywhere. No inputs. Params: strata_fill_params. Any dtype; the value is
   * converted as by a C cast (integers truncate toward zero). */
  STRATA_OP_FILL = 1,

  /* out[0] = in[0], same dtype, same shape, any strides on either side. Reshape, transpose,
   * slice, concatenation (one copy per piece into a view of the output), padding (fill, then
   * copy into a view) and broadcasting (stride-0 input) are all this op. No params. */
  STRATA_OP_COPY = 2,

  /* out[0] = (out dtype) in[0], same shape. Float to integer truncates toward zero; NaN to an
   * integer gives 0; out-of-range float to integer saturates; anything to U8 saturates to 0..255.
   * No params. */
  STRATA_OP_CAST = 3,

  /* Rows by index. in[0] table [N, d1, ...], in[1] indices (I32 or I64) of any shape S,
   * out[0] [S..., d1, ...] with out[s..., :] = table[indices[s...], :]. An index outside
   * [0, N) is STRATA_INVALID_ARGUMENT (reported at synchronize on asynchronous plugins). */
  STRATA_OP_GATHER = 4,

  /* The gradient of GATHER: in[0] updates [S..., d1, ...], in[1] indices of shape S,
   * out[0] (in/out) table [N, d1, ...]: table[indices[s...], :] += updates[s..., :].
   * Repeated indices accumulate. The table is not cleared first. */
  STRATA_OP_SCATTER_ADD = 5,

  /* out[0] = in[0] ? in[1] : in[2], elementwise with broadcasting: in[0] is U8 (non-zero is
   * true); in[1], in[2], out[0] share a dtype. Inputs are broadcast to out's shape by
   * stride 0 (the host expands them; a plugin sees equal shapes). */
  STRATA_OP_WHERE = 6,

  /* --- elementwise families ---------------------------------------------------------------- */

  /* out[0] = f(in[0]), f chosen by sub-code strata_unary_op. Params: strata_unary_params
   * (alpha, beta: see each function; NULL means zeros). Float dtypes. */
  STRATA_OP_UNARY = 10,

  /* The backward of a unary function: in[0] dy, in[1] x (the forward input), out[0] dx =
   * dy * f'(x). Same sub-codes and params as STRATA_OP_UNARY. Where f' is undefined (abs, relu
   * at 0; clip at the bounds) the value at the kink is 0 from the left-hand side convention
   * documented per function. */
  STRATA_OP_UNARY_BACKWARD = 11,

  /* out[0] = in[0] (op) in[1], sub-code strata_binary_op. All three have out's shape; NumPy
   * broadcasting arrives as stride 0 on the inputs. Arithmetic sub-codes: inputs and output
   * share a dtype (float, or I32/I64 for add, sub, mul, maximum, minimum; integer results
   * saturate to the dtype's range, they never wrap). Comparisons: inputs
   * share any dtype, out[0] is U8 holding 0 or 1. No params. */
  STRATA_OP_BINARY = 12,

  /* --- reductions ------------------------------------------------------------------------- */

  /* out[0] = reduction of in[0] over the axes in strata_reduce_params.axes_mask (bit k =
   * axis k). out[0] has in[0]'s rank, with size 1 on every reduced axis ("keepdims"); the host
   * reshapes. Sub-code strata_reduce_op. SUM, MEAN, MAX, MIN keep the input dtype (integers
   * allowed for SUM, MAX, MIN). ARGMAX and ARGMIN reduce exactly one axis and write I64 or I32
   * indices along it; ties go to the lowest index; a NaN counts as the maximum and the minimum.
   * Over an empty axis: SUM gives 0, MEAN gives NaN, MAX gives -inf (integer: lowest value),
   * MIN +inf (integer: highest), ARGMAX/ARGMIN are STRATA_INVALID_ARGUMENT. MAX and MIN
   * propagate NaN. Integer SUM saturates to the dtype's range. Params required. */
  STRATA_OP_REDUCE = 20,

  /* --- linear algebra --------------------------------------------------------------------- */

  /* Batched matrix multiply: out[0] = alpha * in[0] @ in[1] + beta * out[0].
   * in[0] a [..., M, K], in[1] b [..., K, N], out[0] c (in/out) [..., M, N]; all three have the
   * same rank (2..8) and the same leading (batch) shape; a batch dimension an input does not
   * vary along has stride 0. Transposes are strides. With beta == 0, c is not read (NaN or
   * garbage in c does not leak into the result). Params: strata_matmul_params (required: NULL
   * would silently mean alpha = 0). Float dtypes. */
  STRATA_OP_MATMUL = 30,

  /* --- convolution and pooling (NHWC) ------------------------------------------------------- */

  /* 2-D convolution. in[0] x [N, H, W, C], in[1] w [KH, KW, C/groups, F],
   * out[0] y [N, OH, OW, F] with
   *   OH = (H + pad_top + pad_bottom - dilation_h * (KH - 1) - 1) / stride_h + 1  (floor),
   *   y[n,oh,ow,f] = sum_{kh,kw,c} x[n, oh*stride_h - pad_top + kh*dilation_h,
   *                                      ow*stride_w - pad_left + kw*dilation_w,
   *                                      g*(C/groups) + c] * w[kh, kw, c, f],
   * where g = f / (F/groups) and x outside the image reads as 0. Cross-correlation, as in every
   * deep-learning framework. Params: strata_conv2d_params. Float dtypes. */
  STRATA_OP_CONV2D = 40,

  /* in[0] dy [N, OH, OW, F], in[1] w, out[0] dx [N, H, W, C] (overwritten). Same params. */
  STRATA_OP_CONV2D_BACKWARD_DATA = 41,

  /* in[0] x [N, H, W, C], in[1] dy [N, OH, OW, F], out[0] dw [KH, KW, C/groups, F]
   * (overwritten). Same params. */
  STRATA_OP_CONV2D_BACKWARD_FILTER = 42,

  /* 2-D pooling, sub-code strata_pool_op. in[0] x [N, H, W, C], out[0] y [N, OH, OW, C], OH as
   * for convolution with dilation 1. Padding is never selected by MAX and is excluded from the
   * divisor of AVG (the divisor is the number of real pixels in the window). A window with no
   * real pixel yields 0 for both. A NaN in a MAX window is its maximum (the first NaN wins).
   * Params: strata_pool2d_params (required). Float dtypes. */
  STRATA_OP_POOL2D = 43,

  /* in[0] dy [N, OH, OW, C], in[1] x [N, H, W, C], out[0] dx [N, H, W, C] (overwritten).
   * MAX routes each dy to the first maximum of its window in row-major window order. */
  STRATA_OP_POOL2D_BACKWARD = 44,

  /* --- softmax ---------------------------------------------------------------------------- */

  /* Sub-code strata_softmax_op, over the last axis: out[0] = softmax(in[0]) or
   * log_softmax(in[0]), computed stably (max subtracted). No params. Float dtypes. A last axis
   * of size 0 is an empty tensor (nothing to do). */
  STRATA_OP_SOFTMAX = 50,

  /* in[0] dy, in[1] y (the forward OUTPUT), out[0] dx:
   *   SOFTMAX:     dx = y * (dy - sum_last(dy * y))
   *   LOG_SOFTMAX: dx = dy - exp(y) * sum_last(dy) */
  STRATA_OP_SOFTMAX_BACKWARD = 51,

  /* --- random ----------------------------------------------------------------------------- */

  /* Sub-code strata_random_op; out[0] only; params strata_random_params. Exactly specified, so
   * every backend draws the same numbers: see "Random numbers" below. */
  STRATA_OP_RANDOM = 60,

  /* --- optimisers ------------------------------------------------------------------------- */

  /* One fused, in-place update step, sub-code strata_optimizer_op, params
   * strata_optimizer_params. in[0] is the gradient g; the outputs are in/out: out[0] the
   * variable w, then the optimiser's slots, all of w's shape and dtype:
   *   SGD:     out[1] velocity (present only when momentum != 0)
   *   ADAM:    out[1] m, out[2] v           (AdamW = ADAM with weight_decay != 0)
   *   RMSPROP: out[1] velocity (mean square), out[2] momentum buffer (only when momentum != 0)
   *   ADAGRAD: out[1] accumulator
   * Outputs may alias nothing but themselves (each is read, then written, element by element).
   * The update rules are Keras 3's, written out next to strata_optimizer_op. */
  STRATA_OP_OPTIMIZER = 70
} strata_op;

/* ---- sub-codes of STRATA_OP_UNARY / STRATA_OP_UNARY_BACKWARD -------------------------------
 * alpha and beta come from strata_unary_params. Derivatives at kinks are given in brackets. */
typedef enum strata_unary_op {
  STRATA_UNARY_NEG = 0,         /* -x */
  STRATA_UNARY_ABS = 1,         /* |x|                         [d/dx at 0 = 0] */
  STRATA_UNARY_SIGN = 2,        /* -1, 0, 1 (NaN stays NaN)    [derivative 0] */
  STRATA_UNARY_SQUARE = 3,      /* x*x */
  STRATA_UNARY_SQRT = 4,        /* sqrt(x) */
  STRATA_UNARY_RSQRT = 5,       /* 1/sqrt(x) */
  STRATA_UNARY_RECIPROCAL = 6,  /* 1/x */
  STRATA_UNARY_EXP = 7,         /* e^x */
  STRATA_UNARY_LOG = 8,         /* ln x */
  STRATA_UNARY_TANH = 9,        /* tanh x */
  STRATA_UNARY_SIGMOID = 10,    /* 1/(1+e^-x), computed without overflow for large |x| */
  STRATA_UNARY_RELU = 11,       /* max(x, 0)                   [d/dx at 0 = 0] */
  STRATA_UNARY_LEAKY_RELU = 12, /* x > 0 ? x : alpha*x         [at 0: alpha] */
  STRATA_UNARY_ELU = 13,        /* x > 0 ? x : alpha*(e^x - 1) [at 0: alpha] */
  STRATA_UNARY_SELU = 14,       /* scale*(x > 0 ? x : a*(e^x-1)), a = 1.6732632423543772848170429916717,
                                   scale = 1.0507009873554804934193349852946; alpha/beta unused */
  STRATA_UNARY_GELU = 15,       /* x/2 * (1 + erf(x/sqrt 2)) (exact form; beta != 0 selects
                                   the tanh approximation of Hendrycks & Gimpel) */
  STRATA_UNARY_SILU = 16,       /* x * sigmoid(x) */
  STRATA_UNARY_SOFTPLUS = 17,   /* ln(1 + e^x), without overflow for large x */
  STRATA_UNARY_SOFTSIGN = 18,   /* x / (1 + |x|) */
  STRATA_UNARY_CLIP = 19        /* min(max(x, alpha), beta)    [1 strictly inside, else 0] */
} strata_unary_op;

typedef struct strata_unary_params {
  size_t struct_size;
  double alpha; /* LEAKY_RELU slope, ELU alpha, CLIP lower bound */
  double beta;  /* CLIP upper bound; GELU: non-zero selects the tanh approximation */
} strata_unary_params;

/* ---- sub-codes of STRATA_OP_BINARY --------------------------------------------------------- */
typedef enum strata_binary_op {
  STRATA_BINARY_ADD = 0,
  STRATA_BINARY_SUB = 1,
  STRATA_BINARY_MUL = 2,
  STRATA_BINARY_DIV = 3, /* floats only (IEEE: x/0 is inf or NaN) */
  STRATA_BINARY_POW = 4, /* floats only, C pow() semantics */
  STRATA_BINARY_MAXIMUM = 5, /* NaN if either is NaN */
  STRATA_BINARY_MINIMUM = 6, /* NaN if either is NaN */
  STRATA_BINARY_EQUAL = 7,   /* comparisons: out is U8 0/1, IEEE semantics (NaN != NaN) */
  STRATA_BINARY_NOT_EQUAL = 8,
  STRATA_BINARY_LESS = 9,
  STRATA_BINARY_LESS_EQUAL = 10,
  STRATA_BINARY_GREATER = 11,
  STRATA_BINARY_GREATER_EQUAL = 12
} strata_binary_op;

/* ---- STRATA_OP_FILL ------------------------------------------------------------------------ */
typedef struct strata_fill_params {
  size_t struct_size;
  double value;
} strata_fill_params;

/* ---- STRATA_OP_REDUCE ---------------------------------------------------------------------- */
typedef enum strata_reduce_op {
  STRATA_REDUCE_SUM = 0,
  STRATA_REDUCE_MEAN = 1,
  STRATA_REDUCE_MAX = 2,
  STRATA_REDUCE_MIN = 3,
  STRATA_REDUCE_ARGMAX = 4,
  STRATA_REDUCE_ARGMIN = 5
} strata_reduce_op;

typedef struct strata_reduce_params {
  size_t struct_size;
  uint32_t axes_mask; /* bit k set: reduce axis k. 0 reduces nothing (a copy). */
} strata_reduce_params;

/* ---- STRATA_OP_MATMUL ---------------------------------------------------------------------- */
typedef struct strata_matmul_params {
  size_t struct_size;
  double alpha; /* scales a @ b */
  double beta;  /* scales the previous c; 0 means c is write-only */
} strata_matmul_params;

/* ---- STRATA_OP_CONV2D* --------------------------------------------------------------------- */
typedef struct strata_conv2d_params {
  size_t struct_size;
  int32_t stride_h, stride_w;     /* >= 1 */
  int32_t pad_top, pad_bottom;    /* >= 0, zeros */
  int32_t pad_left, pad_right;    /* >= 0, zeros */
  int32_t dilation_h, dilation_w; /* >= 1 */
  int32_t groups;                 /* >= 1, divides C and F; groups == C is depthwise */
} strata_conv2d_params;

/* ---- STRATA_OP_POOL2D* --------------------------------------------------------------------- */
typedef enum strata_pool_op { STRATA_POOL_MAX = 0, STRATA_POOL_AVG = 1 } strata_pool_op;

typedef struct strata_pool2d_params {
  size_t struct_size;
  int32_t window_h, window_w;  /* >= 1 */
  int32_t stride_h, stride_w;  /* >= 1 */
  int32_t pad_top, pad_bottom; /* >= 0 */
  int32_t pad_left, pad_right; /* >= 0 */
} strata_pool2d_params;

/* ---- STRATA_OP_SOFTMAX* -------------------------------------------------------------------- */
typedef enum strata_softmax_op {
  STRATA_SOFTMAX = 0,
  STRATA_LOG_SOFTMAX = 1
} strata_softmax_op;

/* ---- STRATA_OP_RANDOM ----------------------------------------------------------------------
 * Random numbers
 *
 * Philox-4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11) maps a
 * 128-bit counter (c0, c1, c2, c3) and a 64-bit key (k0, k1) to four 32-bit words. One round:
 *     hi0:lo0 = 0xD2511F53 * c0   (64-bit product)      hi1:lo1 = 0xCD9E8D57 * c2
 *     (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
 * and between rounds the key is bumped: k0 += 0x9E3779B9, k1 += 0xBB67AE85 (mod 2^32). Ten
 * rounds; the first uses the key as given. strata/philox.h implements exactly this; its
 * known-answer vectors are those of the paper's reference implementation (Random123).
 *
 * The output tensor is filled in row-major order of its logical shape; element i (0-based)
 * uses block b with counter (lo32(offset + b), hi32(offset + b), 0, 0) and key
 * (lo32(seed), hi32(seed)):
 *   UNIFORM:   b = i / 4, word x = w[i % 4];
 *              u = (float)(x >> 8) * 2^-24, exactly, in [0, 1);
 *              with low and high first rounded to the output dtype, each of these steps is
 *              rounded to the output dtype on its own (no fused multiply-add; GLSL must mark
 *              them `precise`):  range = high - low;  t = range * u;  y = low + t.
 *              low < high and a finite rounded range are required (else INVALID_ARGUMENT).
 *   NORMAL:    b = i / 2, words x1 = w[2*(i%2)], x2 = w[2*(i%2) + 1];
 *              u1 = ((x1 >> 8) + 1) * 2^-24 in (0, 1], u2 = (x2 >> 8) * 2^-24;
 *              z = sqrt(-2 ln u1) * cos(2 pi u2); y = mean + stddev * z.
 *              Computed in the output's precision; agrees across backends within the
 *              elementwise bound, not bit for bit.
 *   BERNOULLI: as UNIFORM for x; y = 1 if (x >> 8) < p * 2^24 (compared exactly, p in
 *              double), else 0; in the output dtype (floats or U8). 0 <= p <= 1.
 * The op consumes ceil(n/4) blocks (UNIFORM, BERNOULLI) or ceil(n/2) blocks (NORMAL) of
 * counter space; the host advances `offset` past them before the next draw with this seed. */
typedef enum strata_random_op {
  STRATA_RANDOM_UNIFORM = 0,
  STRATA_RANDOM_NORMAL = 1,
  STRATA_RANDOM_BERNOULLI = 2
} strata_random_op;

typedef struct strata_random_params {
  size_t struct_size;
  uint64_t seed;   /* the Philox key */
  uint64_t offset; /* first block counter */
  double a;        /* UNIFORM: low;  NORMAL: mean;   BERNOULLI: p (probability of 1) */
  double b;        /* UNIFORM: high; NORMAL: stddev; BERNOULLI: unused */
} strata_random_params;

/* ---- STRATA_OP_OPTIMIZER -------------------------------------------------------------------
 * Update rules (Keras 3), elementwise, with g the gradient, w the variable, lr the learning
 * rate, t = step (1 for the first update):
 *   SGD, momentum == 0:  w -= lr * g
 *   SGD, momentum m:     v = m * v - lr * g;  w += nesterov ? m * v - lr * g : v
 *   ADAM:                if weight_decay: w -= lr * weight_decay * w          (AdamW, decoupled)
 *                        m += (g - m) * (1 - beta1);  v += (g*g - v) * (1 - beta2)
 *                        lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 *                        w -= lr_t * m / (sqrt(v) + epsilon)
 *   RMSPROP:             v = rho * v + (1 - rho) * g*g
 *                        inc = lr * g / sqrt(v + epsilon)
 *                        momentum == 0: w -= inc;  else: mom = momentum * mom + inc; w -= mom
 *   ADAGRAD:             acc += g*g;  w -= lr * g / sqrt(acc + epsilon)
 * Hyper-parameters are validated: a finite learning rate; momentum, rho in [0, 1]; beta1, beta2
 * in [0, 1); epsilon, weight_decay >= 0; step >= 1 for ADAM. Params are required.
 * Gradient clipping is the host's job and happens before this op. */
typedef enum strata_optimizer_op {
  STRATA_OPTIMIZER_SGD = 0,
  STRATA_OPTIMIZER_ADAM = 1,
  STRATA_OPTIMIZER_RMSPROP = 2,
  STRATA_OPTIMIZER_ADAGRAD = 3
} strata_optimizer_op;

typedef struct strata_optimizer_params {
  size_t struct_size;
  double learning_rate;
  double momentum;     /* SGD, RMSPROP */
  int32_t nesterov;    /* SGD: non-zero for Nesterov momentum */
  int32_t reserved0;   /* zero */
  double beta1;        /* ADAM */
  double beta2;        /* ADAM */
  double rho;          /* RMSPROP */
  double epsilon;      /* ADAM, RMSPROP, ADAGRAD */
  double weight_decay; /* ADAM (decoupled: AdamW) */
  int64_t step;        /* ADAM: t, the 1-based number of this update */
} strata_optimizer_params;

/* ---- The op call --------------------------------------------------------------------------- */
typedef struct strata_op_call {
  size_t struct_size;
  strata_op op;
  int32_t sub_op;                       /* family sub-code; 0 for ops without one */
  const void* params;                   /* borrowed for the call; the op's params struct
                                           (starting with struct_size) or NULL */
  const strata_tensor* const* inputs;   /* borrowed for the call; num_inputs entries */
  size_t num_inputs;
  const strata_tensor* const* outputs;  /* borrowed for the call; num_outputs entries */
  size_t num_outputs;
} strata_op_call;

/* =============================================================================================
 * Plugin description, probe and instance options
 * ============================================================================================= */

typedef struct strata_plugin_info {
  size_t struct_size;
  const char* name;        /* [out] short name users type: "reference", "avx"; static */
  size_t name_len;         /* [out] */
  const char* version;     /* [out] the plugin's own version, e.g. "1.0.0"; static */
  size_t version_len;      /* [out] */
  const char* description; /* [out] one line for `strata info`; static */
  size_t description_len;  /* [out] */
} strata_plugin_info;

/* Scores order plugins for `auto`. Conventions used by the in-tree plugins: reference 10,
 * a CPU device through another API (e.g. Vulkan on lavapipe) 5, optimised CPU code 50,
 * a GPU 100. 0 means "cannot run on this machine". */
typedef struct strata_probe_result {
  size_t struct_size;
  int32_t score;      /* [out] 0 = cannot run here, else 1..1000 */
  const char* reason; /* [out] why the score is 0 ("CPU lacks AVX2"), or a note about the
                         device found; plugin-owned, valid until the next probe call */
  size_t reason_len;  /* [out] */
} strata_probe_result;

/* One per-backend setting from the host's configuration, e.g. key "device", value "0".
 * The value is JSON text (a number, a string with quotes, true/false). */
typedef struct strata_setting {
  size_t struct_size;
  const char* key;
  size_t key_len;
  const char* value;
  size_t value_len;
} strata_setting;

typedef struct strata_instance_options {
  size_t struct_size;
  int32_t num_threads;             /* 0 = the plugin's default (e.g. the usable cores) */
  const strata_setting* settings;  /* borrowed for the call; the backend's config section */
  size_t num_settings;
} strata_instance_options;

/* =============================================================================================
 * The function table
 *
 * Returned by the bootstrap symbol. Static in the plugin: it lives as long as the library.
 * Slots marked [optional] may be NULL. Slots are append-only.
 * ============================================================================================= */

typedef struct strata_backend_api {
  size_t struct_size; /* sizeof(strata_backend_api) as the plugin compiled it */
  uint32_t abi_major; /* the major this table speaks: STRATA_ABI_MAJOR */
  uint32_t abi_minor; /* the newest minor whose slots this table carries */

  /* ---- errors ---- */
  /* Code of `err` (never STRATA_OK). */
  strata_status_code (*error_code)(const strata_error* err);
  /* Message of `err`: UTF-8, not NUL-terminated, valid until error_destroy(err). */
  void (*error_message)(const strata_error* err, const char** message, size_t* message_len);
  /* Releases `err`. Accepts NULL. */
  void (*error_destroy)(strata_error* err);

  /* ---- description ---- */
  /* Fills `info` (host sets info->struct_size). Cannot fail. */
  void (*get_info)(strata_plugin_info* info);
  /* Can this plugin run on this machine? Fills `result`. Cheap, no instance needed, never
   * executes instructions the machine may lack. Cannot fail: failure is score 0 + reason. */
  void (*probe)(strata_probe_result* result);

  /* ---- instances ---- */
  /* Creates an instance. `options` may be NULL (defaults). `*out` is owned by the host until
   * instance_destroy. On error `*out` is untouched and the message says what failed
   * ("no Vulkan device with compute queues", "unknown setting 'devcie'"). */
  strata_error* (*instance_create)(const strata_instance_options* options,
                                   strata_instance** out);
  /* Waits for pending work, frees every buffer still allocated, releases the instance. */
  void (*instance_destroy)(strata_instance* instance);
  /* [optional] Sets the number of worker threads (>= 1); 0 restores the default. */
  strata_error* (*set_num_threads)(strata_instance* instance, int32_t num_threads);
  /* [optional] The number of worker threads the instance uses. */
  int32_t (*get_num_threads)(const strata_instance* instance);

  /* ---- memory ---- */
  /* Allocates `size` bytes (size 0 is valid and yields a distinct buffer). Contents are
   * unspecified. `*out` is owned by the host until buffer_free. */
  strata_error* (*buffer_alloc)(strata_instance* instance, uint64_t size, strata_buffer** out);
  /* Frees `buffer` once work already enqueued on it has finished. Accepts NULL. */
  void (*buffer_free)(strata_instance* instance, strata_buffer* buffer);
  /* Copies `size` bytes from host memory `src` (borrowed for the call) to buffer + offset,
   * ordered after previously enqueued work. */
  strata_error* (*buffer_write)(strata_instance* instance, strata_buffer* dst, uint64_t offset,
                                const void* src, uint64_t size);
  /* Waits for enqueued work, then copies `size` bytes from buffer + offset to host memory
   * `dst`. Returns an error left by asynchronous work, if any. */
  strata_error* (*buffer_read)(strata_instance* instance, const strata_buffer* src,
                               uint64_t offset, void* dst, uint64_t size);
  /* Enqueues a copy of `size` bytes between buffers of this instance (ranges may overlap). */
  strata_error* (*buffer_copy)(strata_instance* instance, const strata_buffer* src,
                               uint64_t src_offset, strata_buffer* dst, uint64_t dst_offset,
                               uint64_t size);
  /* [optional] Host-addressable memory: `*ptr` addresses the buffer's first byte, valid until
   * buffer_free. The host calls synchronize before touching it and does not touch it while
   * ops are pending. Only for plugins whose memory the CPU can address directly. */
  strata_error* (*buffer_map)(strata_instance* instance, strata_buffer* buffer, void** ptr);

  /* ---- execution ---- */
  /* NULL when this plugin can execute `call` (dtypes, ranks, sub-code, params); otherwise an
   * error, usually STRATA_UNSUPPORTED, whose message says what is missing. Buffers in the
   * descriptors may be NULL: only the metadata is looked at. Executes nothing. */
  strata_error* (*supports)(const strata_instance* instance, const strata_op_call* call);
  /* Validates and enqueues `call`. Returns STRATA_INVALID_ARGUMENT for a malformed call and
   * STRATA_UNSUPPORTED for one `supports` rejects. */
  strata_error* (*execute)(strata_instance* instance, const strata_op_call* call);
  /* Waits for all enqueued work; returns the first error it raised, if any. */
  strata_error* (*synchronize)(strata_instance* instance);
} strata_backend_api;

/* =============================================================================================
 * The bootstrap symbol
 *
 * The one symbol a plugin exports. Returns the plugin's static table for `abi_major`, or NULL
 * if the plugin does not speak that major. Must be cheap, thread-safe and free of side effects
 * that could fail: no device work here (do that in probe/instance_create).
 * ============================================================================================= */
typedef const strata_backend_api* (*strata_backend_get_api_fn)(uint32_t abi_major);

STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api(uint32_t abi_major);

/* =============================================================================================
 * Layout pins: a reorder or a retyped field fails to compile.
 * ============================================================================================= */
#if defined(__cplusplus)
#define STRATA_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else /* C99 has no _Static_assert: a negative array size fails instead */
#define STRATA_CAT2_(a, b) a##b
#define STRATA_CAT_(a, b) STRATA_CAT2_(a, b)
#define STRATA_STATIC_ASSERT(cond, msg) \
  typedef char STRATA_CAT_(strata_layout_check_, __LINE__)[(cond) ? 1 : -1]
#endif

#define STRATA_PIN(type, field, slot)                                          \
  STRATA_STATIC_ASSERT(offsetof(type, field) == sizeof(size_t) + 8 + (slot) * sizeof(void*), \
                       #type "." #field " moved: tables are append-only")
STRATA_PIN(strata_backend_api, error_code, 0);
STRATA_PIN(strata_backend_api, error_message, 1);
STRATA_PIN(strata_backend_api, error_destroy, 2);
STRATA_PIN(strata_backend_api, get_info, 3);
STRATA_PIN(strata_backend_api, probe, 4);
STRATA_PIN(strata_backend_api, instance_create, 5);
STRATA_PIN(strata_backend_api, instance_destroy, 6);
STRATA_PIN(strata_backend_api, set_num_threads, 7);
STRATA_PIN(strata_backend_api, get_num_threads, 8);
STRATA_PIN(strata_backend_api, buffer_alloc, 9);
STRATA_PIN(strata_backend_api, buffer_free, 10);
STRATA_PIN(strata_backend_api, buffer_write, 11);
STRATA_PIN(strata_backend_api, buffer_read, 12);
STRATA_PIN(strata_backend_api, buffer_copy, 13);
STRATA_PIN(strata_backend_api, buffer_map, 14);
STRATA_PIN(strata_backend_api, supports, 15);
STRATA_PIN(strata_backend_api, execute, 16);
STRATA_PIN(strata_backend_api, synchronize, 17);
STRATA_STATIC_ASSERT(sizeof(strata_backend_api) == sizeof(size_t) + 8 + 18 * sizeof(void*),
                     "strata_backend_api: last slot is synchronize in ABI 1.0");
#undef STRATA_PIN

/* The last field of each struct, pinned so a reorder or insertion is caught (LP64 layout:
 * 8-byte size_t and pointers, as on every platform Strata targets). */
STRATA_STATIC_ASSERT(offsetof(strata_tensor, byte_offset) == 152, "strata_tensor layout");
STRATA_STATIC_ASSERT(offsetof(strata_op_call, num_outputs) == 48, "strata_op_call layout");
STRATA_STATIC_ASSERT(offsetof(strata_unary_params, beta) == 16, "strata_unary_params layout");
STRATA_STATIC_ASSERT(offsetof(strata_fill_params, value) == 8, "strata_fill_params layout");
STRATA_STATIC_ASSERT(offsetof(strata_reduce_params, axes_mask) == 8, "strata_reduce_params");
STRATA_STATIC_ASSERT(offsetof(strata_matmul_params, beta) == 16, "strata_matmul_params");
STRATA_STATIC_ASSERT(offsetof(strata_conv2d_params, groups) == 40, "strata_conv2d_params");
STRATA_STATIC_ASSERT(offsetof(strata_pool2d_params, pad_right) == 36, "strata_pool2d_params");
STRATA_STATIC_ASSERT(offsetof(strata_random_params, b) == 32, "strata_random_params layout");
STRATA_STATIC_ASSERT(offsetof(strata_optimizer_params, step) == 72, "strata_optimizer_params");
STRATA_STATIC_ASSERT(offsetof(strata_plugin_info, description_len) == 48, "strata_plugin_info");
STRATA_STATIC_ASSERT(offsetof(strata_probe_result, reason_len) == 24, "strata_probe_result");
STRATA_STATIC_ASSERT(offsetof(strata_setting, value_len) == 32, "strata_setting layout");
STRATA_STATIC_ASSERT(offsetof(strata_instance_options, num_settings) == 24,
                     "strata_instance_options layout");

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* STRATA_BACKEND_H_ */
