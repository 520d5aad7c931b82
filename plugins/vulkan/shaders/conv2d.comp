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

float load_w(uint kh, uint kw, uint c, uint f) {
  return TO_FLOAT(X_KIND, w[element(2, kh, kw, c, f)]);
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

// dw[kh, kw, c, f] = sum over n, oh, ow of x dy: one workgroup per element of dw.
void filter_gradient() {
  const int H = P.ip[1], W = P.ip[2], C = P.ip[3], F = P.ip[6], OH = P.ip[7], OW = P.ip[8];
  const int SH = P.ip[9], SW = P.ip[10], PT = P.ip[11], PL = P.ip[12], DH = P.ip[13];
  const int DW = P.ip[14], G = P.ip[15];
  const int CG = C / G, FG = F / G;
  const uint positions = uint(P.ip[0]) * uint(OH) * uint(OW);
  for (uint i = gl_WorkGroupID.x; i < P.count; i += gl_NumWorkGroups.x) {
    uint o[MAX_RANK];
    unravel(i, o);
    const int c = int(o[3]) / FG * CG + int(o[2]);
    State s = State(0.0);
    for (uint p = gl_LocalInvocationID.x; p < positions; p += gl_WorkGroupSize.x) {
      const int ow = int(p % uint(OW)), oh = int(p / uint(OW) % uint(OH));
      const uint n = p / uint(OW * OH);
      const int ih = oh * SH - PT + int(o[0]) * DH, iw = ow * SW - PL + int(o[1]) * DW;
      if (ih >= 0 && ih < H && iw >= 0 && iw < W) {
        s.v += load_x(n, ih, iw, c) * load_y(n, oh, ow, o[3]);
      }
    }
    s = workgroup_reduce(s);
    if (gl_LocalInvocationID.x == 0u) w[at(2, o)] = FROM_FLOAT(X_KIND, s.v);
  }
}

void main() {
  if (MODE == 2) {
    filter_gradient();
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
    if (MODE == 0) {
      int g = int(o[3]) / FG;
      for (int kh = 0; kh < KH; ++kh) {
        int ih = int(o[1]) * SH - PT + kh * DH;
        if (ih < 0 || ih >= H) continue;
        for (int kw = 0; kw < KW; ++kw) {
          int iw = int(o[2]) * SW - PL + kw * DW;
          if (iw < 0 || iw >= W) continue;
          for (int c = 0; c < CG; ++c)
            acc += load_x(o[0], ih, iw, g * CG + c) * load_w(kh, kw, c, o[3]);
        }
      }
      y[at(3, o)] = FROM_FLOAT(X_KIND, acc);
    } else {  // MODE 1
      int g = int(o[3]) / CG, cl = int(o[3]) % CG;
      for (int kh = 0; kh < KH; ++kh) {
        uint oh;
        if (!source_of(int(o[1]), kh, SH, PT, DH, OH, oh)) continue;
        for (int kw = 0; kw < KW; ++kw) {
          uint ow;
          if (!source_of(int(o[2]), kw, SW, PL, DW, OW, ow)) continue;
          for (int f = g * FG; f < (g + 1) * FG; ++f)
            acc += load_y(o[0], oh, ow, f) * load_w(kh, kw, cl, f);
        }
      }
      x[at(1, o)] = FROM_FLOAT(X_KIND, acc);
    }
  }
}
