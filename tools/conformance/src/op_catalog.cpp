#include "conformance/op_catalog.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <strata/error.hpp>

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "dtype.hpp"

namespace strata::conformance {
namespace {

using Dtypes = std::vector<strata_dtype>;

const Dtypes kAll(kAllDtypes.begin(), kAllDtypes.end());
const Dtypes kFloats(kFloatDtypes.begin(), kFloatDtypes.end());
const Dtypes kFloatsAndWideInts = {STRATA_F32,  STRATA_F64, STRATA_F16,
                                   STRATA_BF16, STRATA_I32, STRATA_I64};
const Dtypes kFloatsAndU8 = {STRATA_F32, STRATA_F64, STRATA_F16, STRATA_BF16, STRATA_U8};

constexpr std::string_view kUnary[] = {"neg",     "abs",        "sign",       "square",   "sqrt",
                                       "rsqrt",   "reciprocal", "exp",        "log",      "tanh",
                                       "sigmoid", "relu",       "leaky_relu", "elu",      "selu",
                                       "gelu",    "silu",       "softplus",   "softsign", "clip"};
constexpr std::string_view kBinary[] = {
    "add",   "sub",       "mul",  "div",        "pow",     "maximum",      "minimum",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal"};
constexpr std::string_view kReduce[] = {"sum", "mean", "max", "min", "argmax", "argmin"};
constexpr std::string_view kPool[] = {"max", "avg"};
constexpr std::string_view kSoftmax[] = {"softmax", "log_softmax"};
constexpr std::string_view kRandom[] = {"uniform", "normal", "bernoulli"};
constexpr std::string_view kOptimizer[] = {"sgd", "adam", "rmsprop", "adagrad"};

const Dtypes& binary_dtypes(int32_t sub_op) {
  if (sub_op >= STRATA_BINARY_EQUAL) return kAll;
  if (sub_op == STRATA_BINARY_DIV || sub_op == STRATA_BINARY_POW) return kFloats;
  return kFloatsAndWideInts;
}

const Dtypes& reduce_dtypes(int32_t sub_op) {
  return sub_op == STRATA_REDUCE_MEAN ? kFloats : kAll;
}

const Dtypes& random_dtypes(int32_t sub_op) {
  return sub_op == STRATA_RANDOM_BERNOULLI ? kFloatsAndU8 : kFloats;
}

template <size_t N>
void add_family(std::vector<OpInfo>& ops, std::string_view family, strata_op op,
                const std::string_view (&subs)[N], const Dtypes& (*dtypes)(int32_t),
                bool has_grad) {
  for (size_t i = 0; i < N; ++i) {
    const auto sub = static_cast<int32_t>(i);
    ops.push_back({fmt::format("{}.{}", family, subs[i]), std::string(family), op, sub, dtypes(sub),
                   has_grad});
  }
}

void add_single(std::vector<OpInfo>& ops, std::string_view name, strata_op op, const Dtypes& dtypes,
                bool has_grad = false) {
  ops.push_back({std::string(name), std::string(name), op, 0, dtypes, has_grad});
}

std::vector<OpInfo> build_catalog() {
  const auto floats = [](int32_t) -> const Dtypes& { return kFloats; };
  std::vector<OpInfo> ops;
  add_single(ops, "fill", STRATA_OP_FILL, kAll);
  add_single(ops, "copy", STRATA_OP_COPY, kAll);
  add_single(ops, "cast", STRATA_OP_CAST, kAll);
  add_single(ops, "gather", STRATA_OP_GATHER, kAll);
  add_single(ops, "scatter_add", STRATA_OP_SCATTER_ADD, kAll, true);
  add_single(ops, "where", STRATA_OP_WHERE, kAll);
  add_family(ops, "unary", STRATA_OP_UNARY, kUnary, floats, false);
  add_family(ops, "unary_backward", STRATA_OP_UNARY_BACKWARD, kUnary, floats, true);
  add_family(ops, "binary", STRATA_OP_BINARY, kBinary, binary_dtypes, false);
  add_family(ops, "reduce", STRATA_OP_REDUCE, kReduce, reduce_dtypes, false);
  add_single(ops, "matmul", STRATA_OP_MATMUL, kFloats);
  add_single(ops, "conv2d", STRATA_OP_CONV2D, kFloats);
  add_single(ops, "conv2d_backward_data", STRATA_OP_CONV2D_BACKWARD_DATA, kFloats, true);
  add_single(ops, "conv2d_backward_filter", STRATA_OP_CONV2D_BACKWARD_FILTER, kFloats, true);
  add_family(ops, "pool2d", STRATA_OP_POOL2D, kPool, floats, false);
  add_family(ops, "pool2d_backward", STRATA_OP_POOL2D_BACKWARD, kPool, floats, true);
  add_family(ops, "softmax", STRATA_OP_SOFTMAX, kSoftmax, floats, false);
  add_family(ops, "softmax_backward", STRATA_OP_SOFTMAX_BACKWARD, kSoftmax, floats, true);
  add_family(ops, "random", STRATA_OP_RANDOM, kRandom, random_dtypes, false);
  add_family(ops, "optimizer", STRATA_OP_OPTIMIZER, kOptimizer, floats, false);
  return ops;
}

bool matches(const OpInfo& op, std::string_view pattern) {
  return op.name == pattern || op.family == pattern;
}

// Levenshtein distance: single-character insertions, deletions and substitutions.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The op and family names nearest to a misspelt pattern, for "did you mean".
std::vector<std::string> close_names(std::string_view pattern) {
  std::vector<std::string> names;
  for (const OpInfo& op : op_catalog()) {
    for (const std::string& name : {op.family, op.name}) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  size_t best = pattern.size() / 3 + 2;  // farther than this is no longer a typo
  std::vector<std::string> close;
  for (const std::string& name : names) {
    const size_t d = edit_distance(pattern, name);
    if (d < best) close.clear();
    if (d <= best) {
      best = d;
      close.push_back(name);
    }
  }
  return close;
}

}  // namespace

const std::vector<OpInfo>& op_catalog() {
  static const std::vector<OpInfo> catalog = build_catalog();
  return catalog;
}

const OpInfo& find_op(strata_op op, int32_t sub_op) {
  for (const OpInfo& info : op_catalog()) {
    if (info.op == op && info.sub_op == sub_op) return info;
  }
  throw Error(fmt::format("conformance: op code {} sub-code {} is not part of ABI v1",
                          static_cast<int>(op), sub_op));
}

std::vector<const OpInfo*> select_ops(const std::vector<std::string>& patterns) {
  for (const std::string& p : patterns) {
    const bool known = std::any_of(op_catalog().begin(), op_catalog().end(),
                                   [&](const OpInfo& op) { return matches(op, p); });
    if (known) continue;
    const std::vector<std::string> close = close_names(p);
    throw Error(fmt::format(
        "unknown op '{}'{}; `strata conformance --list-ops` lists them all", p,
        close.empty() ? "" : fmt::format(" (did you mean {}?)", fmt::join(close, ", "))));
  }
  std::vector<const OpInfo*> selected;
  for (const OpInfo& op : op_catalog()) {
    const bool wanted =
        patterns.empty() || std::any_of(patterns.begin(), patterns.end(),
                                        [&](const std::string& p) { return matches(op, p); });
    if (wanted) selected.push_back(&op);
  }
  return selected;
}

std::string list_ops_text() {
  std::string text =
      "Ops of backend ABI v1 (select with -o NAME[,NAME...]; a family name selects the whole "
      "family):\n";
  std::string family;
  for (const OpInfo& op : op_catalog()) {
    if (op.family != family) {
      family = op.family;
      if (op.name != op.family) text += fmt::format("{}:\n", family);
    }
    std::vector<std::string_view> dtypes;
    for (strata_dtype d : op.dtypes) dtypes.push_back(dtype_name(d));
    text += fmt::format("  {:<30} {}{}\n", op.name, fmt::join(dtypes, " "),
                        op.has_grad ? "  [grad]" : "");
  }
  text += "[grad]: checked by --mode grad against finite differences of its forward op.\n";
  return text;
}

}  // namespace strata::conformance
