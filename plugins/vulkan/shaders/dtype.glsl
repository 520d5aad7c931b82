// Element kinds and conversions. A shader variant names the kind of each tensor role with a
// macro set by the build (e.g. -DX_KIND=F16 -DX_IS_FLOAT); TYPE(X_KIND) is its storage type.
// 16- and 8-bit types may only live in buffers (storageBuffer16BitAccess and friends, no
// shaderFloat16 or shaderInt8 needed), so conversions are macros on buffer elements, not
// functions taking them.
//
// Kinds: F32 F16 BF16 I32 I64 U8 (typed), B1 B2 B4 B8 (raw bits of any dtype of that size).

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define TYPE(k) CAT(k, _TYPE)

#define F32_TYPE float
#define F16_TYPE float16_t
#define BF16_TYPE uint16_t
#define I32_TYPE int
#define I64_TYPE int64_t
#define U8_TYPE uint8_t
#define B1_TYPE uint8_t
#define B2_TYPE uint16_t
#define B4_TYPE uint
#define B8_TYPE uvec2

// ---- floats: computed in binary32, stored with one round-to-nearest-even ----------------------

#define TO_FLOAT(k, v) CAT(k, _TO_FLOAT)(v)
#define F32_TO_FLOAT(v) (v)
#define F16_TO_FLOAT(v) float(v)
#define BF16_TO_FLOAT(v) uintBitsToFloat(uint(v) << 16)

#define FROM_FLOAT(k, v) CAT(k, _FROM_FLOAT)(v)
#define F32_FROM_FLOAT(v) (v)
#define F16_FROM_FLOAT(v) float16_t(v)
#define BF16_FROM_FLOAT(v) uint16_t(bf16_bits(v))

// bfloat16 is the top half of a binary32: round to nearest even on the dropped half. NaN
// becomes the canonical quiet NaN with its sign, as the reference encodes it.
uint bf16_bits(float v) {
  uint b = floatBitsToUint(v);
  if ((b & 0x7fffffffu) > 0x7f800000u) return ((b >> 16) & 0x8000u) | 0x7fc0u;
  return (b + 0x7fffu + ((b >> 16) & 1u)) >> 16;
}

// ---- integers --------------------------------------------------------------------------------

// I32 and U8 as int, exactly.
#define TO_INT(k, v) CAT(k, _TO_INT)(v)
#define I32_TO_INT(v) (v)
#define U8_TO_INT(v) int(uint(v))

// An int stored into I32 or U8, saturating to the dtype's range.
#define FROM_INT(k, v) CAT(k, _FROM_INT)(v)
#define I32_FROM_INT(v) (v)
#define U8_FROM_INT(v) uint8_t(clamp((v), 0, 255))

#ifdef NEED_INT64
#define TO_I64(k, v) CAT(k, _TO_I64)(v)
#define I32_TO_I64(v) int64_t(v)
#define U8_TO_I64(v) int64_t(uint(v))
#define I64_TO_I64(v) (v)

#define FROM_I64(k, v) CAT(k, _FROM_I64)(v)
#define I32_FROM_I64(v) int(clamp((v), int64_t(-2147483648), int64_t(2147483647)))
#define U8_FROM_I64(v) uint8_t(clamp((v), int64_t(0), int64_t(255)))
#define I64_FROM_I64(v) (v)

const int64_t I64_MIN = int64_t(0x8000000000000000ul);
const int64_t I64_MAX = int64_t(0x7ffffffffffffffful);
#endif

// ---- raw bits (fill) -------------------------------------------------------------------------

#define FROM_WORDS(k, lo, hi) CAT(k, _FROM_WORDS)(lo, hi)
#define B1_FROM_WORDS(lo, hi) uint8_t(lo)
#define B2_FROM_WORDS(lo, hi) uint16_t(lo)
#define B4_FROM_WORDS(lo, hi) (lo)
#define B8_FROM_WORDS(lo, hi) uvec2(lo, hi)
