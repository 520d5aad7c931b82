// Row indices of gather and scatter_add: I32 (IDX_KIND=I32) or I64 read as two words
// (IDX_KIND=B8, so no shaderInt64 is needed), checked against the table's rows. A bad index is
// recorded in the status buffer (binding 7) with the dispatch's id; the host turns it into the
// error that the next synchronize or buffer_read returns.
layout(std430, set = 0, binding = 2) readonly buffer Indices { TYPE(IDX_KIND) indices[]; };
layout(std430, set = 0, binding = 7) buffer Status {
  uint op;  // id of the first failing dispatch, 0 for none
  uint value_lo;
  uint value_hi;
  uint position;
} status;

#define STATUS_ID P.ip[15]
#define TABLE_ROWS uint(P.ip[1])

// The index at element e as (low word, high word) of its int64 value.
uvec2 index_words(uint e) {
#if defined(IDX_I32)
  int v = indices[e];
  return uvec2(uint(v), v < 0 ? 0xffffffffu : 0u);
#else
  return indices[e];
#endif
}

// The row the index names, or ~0u (after recording the error) when it is outside [0, rows).
// `position` is the index's row-major position in the index tensor, for the message.
uint checked_row(uint e, uint position) {
  uvec2 v = index_words(e);
  if (v.y == 0u && v.x < TABLE_ROWS) return v.x;
  if (atomicCompSwap(status.op, 0u, uint(STATUS_ID)) == 0u) {
    status.value_lo = v.x;
    status.value_hi = v.y;
    status.position = position;
  }
  return ~0u;
}
