// STRATA_OP_RANDOM: UNIFORM, NORMAL and BERNOULLI from Philox-4x32-10, exactly as backend.h's
// "Random numbers" specifies. Philox runs on eight counters at once (two 32x32->64 multiplies
// per round per vector); element i depends only on (seed, offset, i), so threads split the
// output freely. This file is compiled with -ffp-contract=off: the uniform scaling must round
// after the multiply and again after the add, as the specification demands.
#include <immintrin.h>
#include <strata/philox.h>
#include <strata/kit/op_checks.hpp>

#include <cmath>

#include "op_common.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/simd.hpp"
#include "avx2/simd_math.hpp"

namespace strata_avx {
namespace {

constexpr std::string_view kOp = "random";
// Words generated per round of a task: 16 KiB on the stack.
constexpr int64_t kWords = 4096;
constexpr int64_t kGrain = 1 << 15;

// hi and lo halves of the eight 32x32-bit products a[i] * m.
void multiply_wide(__m256i a, uint32_t m, __m256i& hi, __m256i& lo) {
  const __m256i factor = _mm256_set1_epi64x(m);
  const __m256i even = _mm256_mul_epu32(a, factor);
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), factor);
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0b10101010);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0b10101010);
}

// Philox-4x32-10 on blocks [block, block + 8) of the draw; words[4 * j + w] = word w of block
// block + j.
void philox_8_blocks(uint64_t seed, uint64_t counter, uint32_t* words) {
  const __m256i lanes = _mm256_setr_epi64x(0, 1, 2, 3);
  const __m256i base = _mm256_set1_epi64x(static_cast<int64_t>(counter));
  const __m256i c_low = _mm256_add_epi64(base, lanes);  // counters of blocks 0..3
  const __m256i c_high = _mm256_add_epi64(base, _mm256_add_epi64(lanes, _mm256_set1_epi64x(4)));
  // 64-bit counters to (lo32, hi32) word vectors over the eight blocks.
  const __m256i order = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
  const __m256i a = _mm256_permutevar8x32_epi32(c_low, order);
  const __m256i b = _mm256_permutevar8x32_epi32(c_high, order);
  __m256i c0 = _mm256_permute2x128_si256(a, b, 0x20);
  __m256i c1 = _mm256_permute2x128_si256(a, b, 0x31);
  __m256i c2 = _mm256_setzero_si256(), c3 = _mm256_setzero_si256();
  uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    __m256i hi0, lo0, hi1, lo1;
    multiply_wide(c0, 0xD2511F53u, hi0, lo0);
    multiply_wide(c2, 0xCD9E8D57u, hi1, lo1);
    const __m256i n0 =
        _mm256_xor_si256(_mm256_xor_si256(hi1, c1), _mm256_set1_epi32(static_cast<int32_t>(k0)));
    const __m256i n2 =
        _mm256_xor_si256(_mm256_xor_si256(hi0, c3), _mm256_set1_epi32(static_cast<int32_t>(k1)));
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  alignas(32) uint32_t w[4][8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(w[0]), c0);
  _mm256_store_si256(reinterpret_cast<__m256i*>(w[1]), c1);
  _mm256_store_si256(reinterpret_cast<__m256i*>(w[2]), c2);
  _mm256_store_si256(reinterpret_cast<__m256i*>(w[3]), c3);
  for (int j = 0; j < 8; ++j) {
    for (int k = 0; k < 4; ++k) words[4 * j + k] = w[k][j];
  }
}

// The word stream of the draw: stream position q is word q % 4 of block q / 4. Fills
// words[0, count) with positions [first, first + count).
void word_stream(const strata_random_params& p, uint64_t first, int64_t count, uint32_t* words) {
  uint64_t block = first / 4;
  const int64_t skip = static_cast<int64_t>(first % 4);
  int64_t filled = -skip;  // words of the first block before `first` are dropped
  alignas(32) uint32_t batch[32];
  while (filled < count) {
    philox_8_blocks(p.seed, p.offset + block, batch);
    for (int j = 0; j < 32 && filled < count; ++j, ++filled) {
      if (filled >= 0) words[filled] = batch[j];
    }
    block += 8;
  }
}

// The exact UNIFORM rule, eight lanes: range = hi - lo, t = range * u, y = lo + t, each rounded
// to f32 (this file has no contraction).
struct Uniform {
  __m256 low, range;
  __m256 operator()(__m256i words) const {
    const __m256 u = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_srli_epi32(words, 8)),
                                   _mm256_set1_ps(1.0f / 16777216.0f));
    const __m256 t = _mm256_mul_ps(range, u);
    return _mm256_add_ps(low, t);
  }
};

// Box-Muller on word pairs: z = sqrt(-2 ln u1) cos(2 pi u2). The cosine's argument is reduced
// exactly: u2 has 24 bits, so r = u2 - q/4 is exact and |2 pi r| <= pi/4.
struct Normal {
  __m256 mean, stddev;
  static __m256 cos_two_pi(__m256 u2) {
    static constexpr float kSin[] = {-1.9515295891E-4f, 8.3321608736E-3f, -1.6666654611E-1f};
    static constexpr float kCos[] = {2.443315711809948E-5f, -1.388731625493765E-3f,
                                     4.166664568298827E-2f};
    const __m256 q = _mm256_round_ps(_mm256_mul_ps(u2, _mm256_set1_ps(4.0f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m256 r = _mm256_sub_ps(u2, _mm256_mul_ps(q, _mm256_set1_ps(0.25f)));
    const __m256 theta = _mm256_mul_ps(r, _mm256_set1_ps(6.28318530717958647692f));
    const __m256 z = _mm256_mul_ps(theta, theta);
    const __m256 sin =
        _mm256_add_ps(_mm256_mul_ps(_mm256_mul_ps(simd::polynomial(z, kSin), z), theta), theta);
    const __m256 cos =
        _mm256_add_ps(_mm256_sub_ps(_mm256_mul_ps(_mm256_mul_ps(simd::polynomial(z, kCos), z), z),
                                    _mm256_mul_ps(z, _mm256_set1_ps(0.5f))),
                      _mm256_set1_ps(1.0f));
    // cos(theta + q pi/2) for q mod 4 = 0, 1, 2, 3: cos, -sin, -cos, sin.
    const __m256i quadrant = _mm256_and_si256(_mm256_cvtps_epi32(q), _mm256_set1_epi32(3));
    const __m256 odd = _mm256_castsi256_ps(_mm256_slli_epi32(quadrant, 31));
    const __m256 flip = _mm256_castsi256_ps(
        _mm256_slli_epi32(_mm256_xor_si256(_mm256_srli_epi32(quadrant, 1),
                                           _mm256_and_si256(quadrant, _mm256_set1_epi32(1))),
                          31));
    return _mm256_xor_ps(simd::select(odd, sin, cos), flip);
  }
  __m256 operator()(__m256i first, __m256i second) const {
    const __m256 scale = _mm256_set1_ps(1.0f / 16777216.0f);
    const __m256 u1 = _mm256_mul_ps(
        _mm256_cvtepi32_ps(_mm256_add_epi32(_mm256_srli_epi32(first, 8), _mm256_set1_epi32(1))),
        scale);
    const __m256 u2 = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_srli_epi32(second, 8)), scale);
    const __m256 radius = _mm256_sqrt_ps(_mm256_mul_ps(_mm256_set1_ps(-2.0f), simd::log(u1)));
    const __m256 z = _mm256_mul_ps(radius, cos_two_pi(u2));
    return _mm256_add_ps(mean, _mm256_mul_ps(stddev, z));
  }
};

// y = 1 if (x >> 8) < p * 2^24 (exact: p * 2^24 is exact in double, x >> 8 an integer), else 0.
struct Bernoulli {
  __m256i threshold;  // ceil(p * 2^24), in [0, 2^24]
  __m256 operator()(__m256i words) const {
    const __m256i below = _mm256_cmpgt_epi32(threshold, _mm256_srli_epi32(words, 8));
    return _mm256_and_ps(_mm256_castsi256_ps(below), _mm256_set1_ps(1.0f));
  }
};

// Values of elements [first, first + n) into values[0, n), a chunk at a time.
template <typename Draw>
void draw_values(const Draw& draw, const strata_random_params& p, uint64_t first, int64_t n,
                 float* values) {
  alignas(32) uint32_t words[kWords];
  constexpr bool kPairs = std::is_same_v<Draw, Normal>;
  constexpr int64_t kPerChunk = kPairs ? kWords / 2 : kWords;
  for (int64_t done = 0; done < n; done += kPerChunk) {
    const int64_t m = std::min(kPerChunk, n - done);
    const uint64_t element = first + static_cast<uint64_t>(done);
    word_stream(p, kPairs ? 2 * element : element, kPairs ? 2 * m : m, words);
    for (int64_t i = 0; i < m; i += 8) {
      const int64_t lanes = std::min<int64_t>(8, m - i);
      __m256 v;
      if constexpr (kPairs) {
        // Split interleaved (first, second) word pairs into two vectors.
        const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(words + 2 * i));
        const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(words + 2 * i + 8));
        const __m256i order = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
        const __m256i pa = _mm256_permutevar8x32_epi32(a, order);
        const __m256i pb = _mm256_permutevar8x32_epi32(b, order);
        v = draw(_mm256_permute2x128_si256(pa, pb, 0x20), _mm256_permute2x128_si256(pa, pb, 0x31));
      } else {
        v = draw(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(words + i)));
      }
      simd::store_tail(values + done + i, lanes, v);
    }
  }
}

template <typename Draw>
void fill_random(ExecContext& ctx, const strata_tensor& out, const strata_random_params& p,
                 const Draw& draw) {
  const Layout<1> layout = make_layout<1>({&out});
  parallel_ranges(ctx, layout.count, kGrain, [&](int64_t begin, int64_t end, int worker) {
    float* values =
        ctx.scratch[worker].get<float>(ScratchSlot::kRow, static_cast<size_t>(end - begin + 8));
    draw_values(draw, p, static_cast<uint64_t>(begin), end - begin, values);
    int64_t i = 0;
    const int64_t s = layout.inner_stride(0);
    for_each_run(layout, begin, end, [&](const int64_t* o, int64_t n) {
      if (out.dtype == STRATA_U8) {
        uint8_t* dst = data_ptr<uint8_t>(out) + o[0];
        for (int64_t j = 0; j < n; ++j) dst[j * s] = values[i + j] != 0 ? 1 : 0;
      } else {
        float* dst = data_ptr<float>(out) + o[0];
        for (int64_t j = 0; j < n; ++j) dst[j * s] = values[i + j];
      }
      i += n;
    });
  });
}

}  // namespace

strata_error* op_random(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  if (auto* err = check_call(call, kOp, 0, 1, phase)) return err;
  const strata_tensor& out = *call.outputs[0];
  if (auto* err = make_error(strata::kit::check_random_dtype(call.sub_op, out))) return err;
  if (auto* err = make_error(strata::kit::check_params_present(
          call, kOp, "random needs strata_random_params (seed, offset, a, b)"))) {
    return err;
  }
  const auto p = read_params<strata_random_params>(call.params);
  if (out.dtype != STRATA_F32 && out.dtype != STRATA_U8) {
    return dtype_unsupported(kOp, out, "f32 (and u8 for bernoulli)");
  }
  if (auto* err = make_error(strata::kit::check_random_params(call.sub_op, out, p))) return err;
  if (phase == Phase::kValidate) return nullptr;

  switch (call.sub_op) {
    case STRATA_RANDOM_UNIFORM: {
      const float low = static_cast<float>(p.a);
      const float range = static_cast<float>(p.b) - low;
      fill_random(ctx, out, p, Uniform{_mm256_set1_ps(low), _mm256_set1_ps(range)});
      break;
    }
    case STRATA_RANDOM_NORMAL:
      fill_random(
          ctx, out, p,
          Normal{_mm256_set1_ps(static_cast<float>(p.a)), _mm256_set1_ps(static_cast<float>(p.b))});
      break;
    default: {
      const double threshold = std::ceil(p.a * 16777216.0);
      fill_random(ctx, out, p, Bernoulli{_mm256_set1_epi32(static_cast<int32_t>(threshold))});
      break;
    }
  }
  return nullptr;
}

}  // namespace strata_avx
