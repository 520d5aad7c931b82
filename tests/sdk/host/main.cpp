// A host program built against an installed Strata: opens the backend named on the command line
// (a name or a plugin path), runs an add with a broadcast operand and a matmul through a
// transposed view with alpha, beta and a byte offset, and checks both against values computed
// here. Every value is a small integer or half-integer, so the results are exact on any backend.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <strata/backend.hpp>

#include <array>
#include <cstring>
#include <exception>
#include <span>
#include <vector>

namespace {

using Shape = std::array<int64_t, 2>;

strata_tensor f32_view(const strata::Buffer& buffer, Shape shape, Shape strides,
                       uint64_t byte_offset = 0) {
  strata_tensor t{};
  t.struct_size = sizeof t;
  t.dtype = STRATA_F32;
  t.rank = 2;
  std::memcpy(t.shape, shape.data(), sizeof shape);
  std::memcpy(t.strides, strides.data(), sizeof strides);
  t.buffer = buffer.handle();
  t.byte_offset = byte_offset;
  return t;
}

strata::Buffer upload(strata::Backend& backend, const std::vector<float>& values) {
  strata::Buffer buffer = backend.alloc(values.size() * sizeof(float));
  backend.write(buffer, 0, std::as_bytes(std::span(values)));
  return buffer;
}

std::vector<float> download(strata::Backend& backend, const strata::Buffer& buffer) {
  std::vector<float> values(buffer.size() / sizeof(float));
  backend.read(buffer, 0, std::as_writable_bytes(std::span(values)));
  return values;
}

void run(strata::Backend& backend, strata_op op, int32_t sub_op, const void* params,
         std::array<const strata_tensor*, 2> inputs, const strata_tensor& output) {
  const strata_tensor* outputs[] = {&output};
  strata_op_call call{};
  call.struct_size = sizeof call;
  call.op = op;
  call.sub_op = sub_op;
  call.params = params;
  call.inputs = inputs.data();
  call.num_inputs = inputs.size();
  call.outputs = outputs;
  call.num_outputs = 1;
  backend.execute(call);
}

int check(std::string_view what, const std::vector<float>& got, const std::vector<float>& want) {
  if (got == want) return 0;
  fmt::print(stderr, "host: {}: got {}, want {}\n", what, fmt::join(got, " "),
             fmt::join(want, " "));
  return 1;
}

// out[2,3] = a[2,3] + b[3], b broadcast along the rows by stride 0.
int check_broadcast_add(strata::Backend& backend) {
  const strata::Buffer a = upload(backend, {1, 2, 3, 4, 5, 6});
  const strata::Buffer b = upload(backend, {10, 20, 30});
  const strata::Buffer out = backend.alloc(6 * sizeof(float));
  const strata_tensor ta = f32_view(a, {2, 3}, {3, 1});
  const strata_tensor tb = f32_view(b, {2, 3}, {0, 1});
  run(backend, STRATA_OP_BINARY, STRATA_BINARY_ADD, nullptr, {&ta, &tb},
      f32_view(out, {2, 3}, {3, 1}));
  return check("add", download(backend, out), {11, 22, 33, 14, 25, 36});
}

// c = 2 * a @ bt^T + 0.5 * c, with bt stored [2,3] and read as [3,2] by swapped strides, and c
// placed after two floats of padding that must stay untouched.
int check_matmul(strata::Backend& backend) {
  const strata::Buffer a = upload(backend, {1, 2, 3, 4, 5, 6});
  const strata::Buffer bt = upload(backend, {1, 0, 2, -1, 1, 0});
  const strata::Buffer c = upload(backend, {7, 7, 2, 4, 6, 8});
  const strata_tensor ta = f32_view(a, {2, 3}, {3, 1});
  const strata_tensor tb = f32_view(bt, {3, 2}, {1, 3});
  const strata_matmul_params params{sizeof params, 2.0, 0.5};
  run(backend, STRATA_OP_MATMUL, 0, &params, {&ta, &tb}, f32_view(c, {2, 2}, {2, 1}, 8));
  // a @ b = [[1+6, -1+2], [4+12, -4+5]] = [[7, 1], [16, 1]]
  return check("matmul", download(backend, c), {7, 7, 2 * 7 + 1, 2 * 1 + 2, 2 * 16 + 3, 2 * 1 + 4});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: strata-host BACKEND (a name such as reference, or a plugin path)\n");
    return 2;
  }
  try {
    strata::BackendRequest request;
    request.backend = argv[1];
    request.source = "argument";
    strata::Selection selection = strata::select_backend(request);
    strata::Backend& backend = selection.backend;
    if (check_broadcast_add(backend) + check_matmul(backend) != 0) return 1;
    fmt::print("host: ok: add and matmul on the {} backend ({})\n", backend.name(),
               backend.plugin().file().string());
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "host: {}\n", e.what());
    return 1;
  }
}
