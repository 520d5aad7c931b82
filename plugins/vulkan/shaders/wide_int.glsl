// Exact integer sums: a two's-complement 128-bit value (hi, lo), wide enough for any sum of
// up to 2^64 int64 values, saturated once at the end as the reference does.
struct Wide {
  int64_t hi;
  uint64_t lo;
};

// The sign extension as a shift: Mesa 22.3's lavapipe miscompiles `v < 0 ? -1 : 0` on int64.
Wide wide_from(int64_t v) { return Wide(v >> 63, uint64_t(v)); }

Wide wide_add(Wide a, Wide b) {
  uint64_t lo = a.lo + b.lo;
  return Wide(a.hi + b.hi + (lo < a.lo ? 1l : 0l), lo);
}

int64_t wide_saturate(Wide w) {
  const uint64_t sign_bit = 0x8000000000000000ul;
  if (w.hi == 0l && w.lo < sign_bit) return int64_t(w.lo);
  if (w.hi == -1l && w.lo >= sign_bit) return int64_t(w.lo);
  return w.hi < 0l ? I64_MIN : I64_MAX;
}
