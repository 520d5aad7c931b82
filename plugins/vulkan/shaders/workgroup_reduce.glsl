// Folds one State per invocation into one per workgroup. The includer defines
//   struct State, State combine(State a, State b) (associative; order carries no meaning),
//   and, with USE_SUBGROUPS, State shuffle_down(State s, uint delta).
// With subgroups, each subgroup folds itself by shuffles and one invocation folds the subgroup
// totals; without, a shared-memory tree does it all. Every invocation gets the result; call it
// in uniform control flow (it has barriers). The workgroup size is a power of two and a
// multiple of the subgroup size (the host picks it).
shared State wg_partial[gl_WorkGroupSize.x];
shared State wg_total;

State workgroup_reduce(State s) {
#ifdef USE_SUBGROUPS
  for (uint d = gl_SubgroupSize / 2u; d > 0u; d >>= 1u) {
    State other = shuffle_down(s, d);
    if (gl_SubgroupInvocationID + d < gl_SubgroupSize) s = combine(s, other);
  }
  if (gl_SubgroupInvocationID == 0u) wg_partial[gl_SubgroupID] = s;
  barrier();
  if (gl_LocalInvocationID.x == 0u) {
    State t = wg_partial[0];
    for (uint k = 1u; k < gl_NumSubgroups; ++k) t = combine(t, wg_partial[k]);
    wg_total = t;
  }
#else
  uint lid = gl_LocalInvocationID.x;
  wg_partial[lid] = s;
  barrier();
  for (uint half_size = gl_WorkGroupSize.x / 2u; half_size > 0u; half_size >>= 1u) {
    if (lid < half_size) wg_partial[lid] = combine(wg_partial[lid], wg_partial[lid + half_size]);
    barrier();
  }
  if (lid == 0u) wg_total = wg_partial[0];
#endif
  barrier();
  State result = wg_total;
  barrier();  // the next call may overwrite wg_total only after everyone has read it
  return result;
}
