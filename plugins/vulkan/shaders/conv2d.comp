#version 450
// STRATA_OP_CONV2D and its gradients, direct: each element of the op's output sums its taps in
// binary32 and is written once (no atomics, so results are deterministic). The forward op and
// the data gradient give each element one invocation (a few hundred taps at most); the filter
// gradient sums over the whole batch and image, so each dw element gets a workgroup whose
// invocations split the positions and fold their partial sums (workgroup_reduce.glsl). That
// also keeps every invocation's loop count small: lavapipe stops any invocation after 65535
// loop iterations in total.
//
//   MODE 0 forward:         y[n,oh,ow,f]  = sum_{kh,kw,c} x[n,ih,iw,g*Cg+c] w[kh,kw,c,f]
//   MODE 1 backward data:   dx[n,h,w,c]   = sum_{kh,kw,f in c's group} dy[n,oh,ow,f] w[kh,kw,c',f]
//   MODE 2 backward filter: dw[kh,kw,c,f] = sum_{n,oh,ow} x[n,ih,iw,g*Cg+c] dy[n,oh,ow,f]
//   MODE 3 the same, one invocation per dw element (many elements, few positions)
// with ih = oh*stride_h - pad_top + kh*dilation_h (likewise iw) inside the image and
// c' = c mod Cg.
// Bindings: 1 x, 2 w, 3 y (dy in the gradients); strides[b][0..3] are each tensor's own NHWC or
// HWIO strides, and the iteration space is the output's shape.
// ip: 0 N, 1 H, 2 W, 3 C, 4 KH, 5 KW, 6 F, 7 OH, 8 OW, 9-10 stride, 11 pad_top, 12 pad_left,
// 13-14 dilation, 15 groups.
#include "common.glsl"
#include "dtype.glsl"

layout(constant_id = 1) const int MODE = 0;

struct State {
  float v;
};

State combine(State a, State b) { return State(a.v + b.v); }

#include "workgroup_reduce.glsl"

layout(std430, set = 0, binding = 1) buffer X { TYPE(X_KIND) x[]; };
layout(std430, set = 0, binding = 2) buffer W { TYPE(X_KIND) w[]; };
layout(std430, set = 0, binding = 3) buffer Y { TYPE(X_KIND) y[]; };

uint element(uint b, uint i0, uint i1, uint i2, uint i3) {
  return P.offset[b] + i0 * P.strides[b][0] + i1 * P.strides[b][1] + i2 * P.strides[b][2] +
         i3 * P.strides[b][3];
}

float load_x(uint n, uint h, uint w_, uint c) {
  return TO_FLOAT(X_KIND, x[element(1, n, h, w_, c)]);
}

float load_y(uint n, uint oh, uint ow, uint f) {
  return TO_FLOAT(X_KIND, y[element(3, n, oh, ow, f)]);
}

// The output coordinate o whose tap k reads input coordinate i, if any: i = o*s - pad + k*d.
bool source_of(int i, int k, int s, int pad, int d, int out_size, out uint o) {
  int num = i + pad - k * d;
  if (num < 0 || num % s != 0) return false;
  o = uint(num / s);
  return int(o) < out_size;
}

// dw element `o`'s sum of x dy over the positions (n, oh, ow) first, first + step, ...: any
// image shape spread evenly over a workgroup.
float filter_taps(uint o[MAX_RANK], uint first, uint step) {
  const int H = P.ip[1], W = P.ip[2], C = P.ip[3], F = P.ip[6], OH = P.ip[7], OW = P.ip[8];
  const int SH = P.ip[9], SW = P.ip[10], PT = P.ip[11], PL = P.ip[12], DH = P.ip[13];
  const int DW = P.ip[14], G = P.ip[15];
  const int CG = C / G, FG = F / G;
  const uint positions = uint(P.ip[0]) * uint(OH) * uint(OW);
  const int c = int(o[3]) / FG * CG + int(o[2]);
  float sum = 0.0;
  for (uint p = first; p < positions; p += step) {
    const int ow = int(p % uint(OW)), oh = int(p / uint(OW) % uint(OH));
    const uint n = p / uint(OW * OH);
    const int ih = oh * SH - PT + int(o[0]) * DH, iw = ow * SW - PL + int(o[1]) * DW;
    if (ih >= 0 && ih < H && iw >= 0 && iw < W) sum += load_x(n, ih, iw, c) * load_y(n, oh, ow, o[3]);
  }
  return sum;
}

// MODE 2: one workgroup per element of dw, its invocations splitting the positions.
void filter_gradient_by_workgroups() {
  for (uint i = gl_WorkGroupID.x; i < P.count; i += gl_NumWorkGroups.x) {
    uint o[MAX_RANK];
    unravel(i, o);
    State s = workgroup_reduce(State(filter_taps(o, gl_LocalInvocationID.x, gl_WorkGroupSize.x)));
    if (gl_LocalInvocationID.x == 0u) w[at(2, o)] = FROM_FLOAT(X_KIND, s.v);
  }
}

// dw element `o`'s sum of x dy over every position, row by row with indices stepped along
// each row (quick on CPU devices); the loops run at most N*OH*(OW+1) times.
float filter_taps_by_rows(uint o[MAX_RANK]) {
  const int N = P.ip[0], H = P.ip[1], W = P.ip[2], C = P.ip[3], F = P.ip[6], OH = P.ip[7];
  const int OW = P.ip[8], SH = P.ip[9], SW = P.ip[10], PT = P.ip[11], PL = P.ip[12];
  const int DH = P.ip[13], DW = P.ip[14], G = P.ip[15];
  const int c = int(o[3]) / (F / G) * (C / G) + int(o[2]);
  const int ow_first = max(0, (PL - int(o[1]) * DW + SW - 1) / SW);  // first iw >= 0
  const uint sx_w = P.strides[1][2] * uint(SW), sy_w = P.strides[3][2];
  float sum = 0.0;
  for (int n = 0; n < N; ++n) {
    for (int oh = 0; oh < OH; ++oh) {
      const int ih = oh * SH - PT + int(o[0]) * DH;
      if (ih < 0 || ih >= H) continue;
      const int iw = ow_first * SW - PL + int(o[1]) * DW;
      uint xi = element(1, uint(n), uint(ih), uint(iw), uint(c));
      uint yi = element(3, uint(n), uint(oh), uint(ow_first), o[3]);
      for (int ow = ow_first, at_w = iw; ow < OW && at_w < W; ++ow, at_w += SW, xi += sx_w,
               yi += sy_w)
        sum += TO_FLOAT(X_KIND, x[xi]) * TO_FLOAT(X_KIND, y[yi]);
    }
  }
  return sum;
}

// MODE 3: one invocation per element of dw, for many elements over few positions (the host
// keeps the positions within lavapipe's loop budget): no barriers, which cost dearly on CPUs.
void filter_gradient_by_invocations() {
  FOR_EACH_ITEM(i) {
    uint o[MAX_RANK];
    unravel(i, o);
    w[at(2, o)] = FROM_FLOAT(X_KIND, filter_taps_by_rows(o));
  }
}

void main() {
  if (MODE == 2) {
    filter_gradient_by_workgroups();
    return;
  }
  if (MODE == 3) {
    filter_gradient_by_invocations();
    return;
  }
  const int H = P.ip[1], W = P.ip[2], C = P.ip[3], KH = P.ip[4], KW = P.ip[5], F = P.ip[6];
  const int OH = P.ip[7], OW = P.ip[8], SH = P.ip[9], SW = P.ip[10];
  const int PT = P.ip[11], PL = P.ip[12], DH = P.ip[13], DW = P.ip[14], G = P.ip[15];
  const int CG = C / G, FG = F / G;
  FOR_EACH_ITEM(i) {
    uint o[MAX_RANK];
    unravel(i, o);
    float acc = 0.0;
    // Element indices are built up axis by axis outside the inner loops, which then step
    // through one channel stride each: what a CPU device (lavapipe) needs to be quick.
    if (MODE == 0) {
      const int g = int(o[3]) / FG;
      const uint sx_c = P.strides[1][3], sw_c = P.strides[2][2];
      const uint x_n = element(1, o[0], 0u, 0u, uint(g * CG));
      const uint w_f = element(2, 0u, 0u, 0u, o[3]);
      for (int kh = 0; kh < KH; ++kh) {
        int ih = int(o[1]) * SH - PT + kh * DH;
        if (ih < 0 || ih >= H) continue;
        for (int kw = 0; kw < KW; ++kw) {
          int iw = int(o[2]) * SW - PL + kw * DW;
          if (iw < 0 || iw >= W) continue;
          uint xi = x_n + uint(ih) * P.strides[1][1] + uint(iw) * P.strides[1][2];
          uint wi = w_f + uint(kh) * P.strides[2][0] + uint(kw) * P.strides[2][1];
          for (int c = 0; c < CG; ++c, xi += sx_c, wi += sw_c)
            acc += TO_FLOAT(X_KIND, x[xi]) * TO_FLOAT(X_KIND, w[wi]);
        }
      }
      y[at(3, o)] = FROM_FLOAT(X_KIND, acc);
    } else {  // MODE 1
      const int g = int(o[3]) / CG, cl = int(o[3]) % CG;
      const uint sy_f = P.strides[3][3], sw_f = P.strides[2][3];
      const uint y_n = element(3, o[0], 0u, 0u, uint(g * FG));
      const uint w_c = element(2, 0u, 0u, uint(cl), uint(g * FG));
      for (int kh = 0; kh < KH; ++kh) {
        uint oh;
        if (!source_of(int(o[1]), kh, SH, PT, DH, OH, oh)) continue;
        for (int kw = 0; kw < KW; ++kw) {
          uint ow;
          if (!source_of(int(o[2]), kw, SW, PL, DW, OW, ow)) continue;
          uint yi = y_n + oh * P.strides[3][1] + ow * P.strides[3][2];
          uint wi = w_c + uint(kh) * P.strides[2][0] + uint(kw) * P.strides[2][1];
          for (int f = 0; f < FG; ++f, yi += sy_f, wi += sw_f)
            acc += TO_FLOAT(X_KIND, y[yi]) * TO_FLOAT(X_KIND, w[wi]);
        }
      }
      x[at(1, o)] = FROM_FLOAT(X_KIND, acc);
    }
  }
}
