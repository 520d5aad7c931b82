/*
 * strata/philox.h: Philox-4x32-10, exactly as STRATA_OP_RANDOM specifies it (see backend.h,
 * "Random numbers"). Header-only C99, so every backend and the host draw the same integers.
 */
#ifndef STRATA_PHILOX_H_
#define STRATA_PHILOX_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct strata_philox_block {
  uint32_t w[4];
} strata_philox_block;

/* Ten rounds of Philox-4x32 on counter `c` with key `k`. */
static inline strata_philox_block strata_philox4x32_10(strata_philox_block c, uint32_t k0,
                                                       uint32_t k1) {
  int round;
  for (round = 0; round < 10; ++round) {
    uint64_t p0 = (uint64_t)0xD2511F53u * c.w[0];
    uint64_t p1 = (uint64_t)0xCD9E8D57u * c.w[2];
    strata_philox_block n;
    n.w[0] = (uint32_t)(p1 >> 32) ^ c.w[1] ^ k0;
    n.w[1] = (uint32_t)p1;
    n.w[2] = (uint32_t)(p0 >> 32) ^ c.w[3] ^ k1;
    n.w[3] = (uint32_t)p0;
    c = n;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return c;
}

/* The block STRATA_OP_RANDOM uses for block index `block` of a draw with (seed, offset). */
static inline strata_philox_block strata_random_block(uint64_t seed, uint64_t offset,
                                                      uint64_t block) {
  uint64_t counter = offset + block;
  strata_philox_block c;
  c.w[0] = (uint32_t)counter;
  c.w[1] = (uint32_t)(counter >> 32);
  c.w[2] = 0;
  c.w[3] = 0;
  return strata_philox4x32_10(c, (uint32_t)seed, (uint32_t)(seed >> 32));
}

/* A word's uniform value in [0, 1): its top 24 bits times 2^-24 (exact in binary32). */
static inline float strata_uniform_from_word(uint32_t word) {
  return (float)(word >> 8) * (1.0f / 16777216.0f);
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* STRATA_PHILOX_H_ */
