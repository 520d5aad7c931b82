#version 450
// STRATA_OP_POOL2D and STRATA_OP_POOL2D_BACKWARD, NHWC. Padding is never a window's pixel: MAX
// never selects it, AVG divides by the real pixel count, a window without pixels gives 0. MAX
// keeps the first maximum in row-major window order, a NaN counting as the maximum.
// The backward op has one item per dx element, which gathers from every window containing it
// (for MAX, the windows whose winner it is), so nothing needs atomics.
// Bindings: 1 x, 2 y (forward output) or dy, 3 dx. strides[b][0..3] are each tensor's own
// strides; the iteration space is the output's shape.
// ip: 0 N, 1 H, 2 W, 3 C, 4 OH, 5 OW, 6-7 window, 8-9 stride, 10 pad_top, 11 pad_left,
// 12 strata_pool_op (0 max, 1 average).
#include "common.glsl"
#include "dtype.glsl"

layout(constant_id = 1) const bool BACKWARD = false;
#define AVG P.ip[12]

layout(std430, set = 0, binding = 1) readonly buffer X { TYPE(X_KIND) x[]; };
layout(std430, set = 0, binding = 2) buffer Y { TYPE(X_KIND) y[]; };
layout(std430, set = 0, binding = 3) writeonly buffer DX { TYPE(X_KIND) dx[]; };

uint element(uint b, uint i0, uint i1, uint i2, uint i3) {
  return P.offset[b] + i0 * P.strides[b][0] + i1 * P.strides[b][1] + i2 * P.strides[b][2] +
         i3 * P.strides[b][3];
}

float load_x(uint n, int h, int w, uint c) { return TO_FLOAT(X_KIND, x[element(1, n, h, w, c)]); }

// The window of pooled element (oh, ow): its first input row/column and its real extent.
ivec4 window(int oh, int ow) {
  int h0 = oh * P.ip[8] - P.ip[10], w0 = ow * P.ip[9] - P.ip[11];
  int h_lo = max(h0, 0), h_hi = min(h0 + P.ip[6], P.ip[1]);
  int w_lo = max(w0, 0), w_hi = min(w0 + P.ip[7], P.ip[2]);
  return ivec4(h_lo, h_hi, w_lo, w_hi);  // rows [h_lo, h_hi), columns [w_lo, w_hi)
}

int pixel_count(ivec4 win) { return max(win.y - win.x, 0) * max(win.w - win.z, 0); }

// The winning pixel (h, w) of a MAX window and its value; (-1, -1) for an empty window.
ivec2 window_argmax(uint n, ivec4 win, uint c, out float best) {
  ivec2 at_best = ivec2(-1);
  best = 0.0;
  for (int h = win.x; h < win.y; ++h)
    for (int w = win.z; w < win.w; ++w) {
      float v = load_x(n, h, w, c);
      if (at_best.x < 0 || v > best || (is_nan(v) && !is_nan(best))) {
        best = v;
        at_best = ivec2(h, w);
      }
    }
  return at_best;
}

float pooled(uint n, int oh, int ow, uint c) {
  ivec4 win = window(oh, ow);
  if (AVG == 0) {
    float best;
    window_argmax(n, win, c, best);
    return best;
  }
  float sum = 0.0;
  for (int h = win.x; h < win.y; ++h)
    for (int w = win.z; w < win.w; ++w) sum += load_x(n, h, w, c);
  int count = pixel_count(win);
  return count == 0 ? 0.0 : sum / float(count);
}

// First and last pooled coordinates (inclusive) whose window covers input coordinate i.
ivec2 covering(int i, int window_size, int stride, int pad, int out_size) {
  int num = i + pad - window_size + 1;
  int first = num <= 0 ? 0 : (num + stride - 1) / stride;
  int last = min((i + pad) / stride, out_size - 1);
  return ivec2(first, last);
}

float gradient(uint n, int h, int w, uint c) {
  ivec2 rows = covering(h, P.ip[6], P.ip[8], P.ip[10], P.ip[4]);
  ivec2 cols = covering(w, P.ip[7], P.ip[9], P.ip[11], P.ip[5]);
  float acc = 0.0;
  for (int oh = rows.x; oh <= rows.y; ++oh)
    for (int ow = cols.x; ow <= cols.y; ++ow) {
      ivec4 win = window(oh, ow);
      float g = TO_FLOAT(X_KIND, y[element(2, n, oh, ow, c)]);
      if (AVG == 0) {
        float best;
        if (window_argmax(n, win, c, best) == ivec2(h, w)) acc += g;
      } else {
        acc += g / float(pixel_count(win));
      }
    }
  return acc;
}

void main() {
  FOR_EACH_ITEM(i) {
    uint o[MAX_RANK];
    unravel(i, o);
    if (BACKWARD) {
      dx[at(3, o)] = FROM_FLOAT(X_KIND, gradient(o[0], int(o[1]), int(o[2]), o[3]));
    } else {
      y[at(2, o)] = FROM_FLOAT(X_KIND, pooled(o[0], int(o[1]), int(o[2]), o[3]));
    }
  }
}
