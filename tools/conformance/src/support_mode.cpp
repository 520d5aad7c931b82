// --mode support: what the plugin's supports() says about every case, without executing
// anything, reduced to one result per op and dtype: supported when every case is, unsupported
// when any is not (with how many and the first reason), failed when supports() refuses a
// valid call with anything but UNSUPPORTED.
#include <fmt/format.h>

#include <algorithm>

#include "case_registry.hpp"
#include "case_runner.hpp"
#include "modes.hpp"

namespace strata::conformance {
namespace {

// The cases grouped by dtype label ("f32->i64"), in order of first appearance: each group is
// one cell of the support matrix.
std::vector<std::vector<const Case*>> cells_of(const std::vector<Case>& cases) {
  std::vector<std::vector<const Case*>> cells;
  for (const Case& c : cases) {
    auto same = [&](const std::vector<const Case*>& cell) {
      return cell.front()->dtype_label == c.dtype_label;
    };
    auto at = std::find_if(cells.begin(), cells.end(), same);
    if (at == cells.end()) {
      cells.emplace_back();
      at = cells.end() - 1;
    }
    at->push_back(&c);
  }
  return cells;
}

CaseResult probe(Backend& plugin, const std::vector<const Case*>& cases) {
  CaseResult r = result_for(*cases.front());
  r.label = "supports()";
  r.tensors.clear();
  r.params.clear();
  size_t refused = 0;
  for (const Case* c : cases) {
    auto refusal = query_support(plugin, *c);
    if (!refusal) continue;
    if (refusal->code != STRATA_UNSUPPORTED) {
      mark_failed(
          r, "rejected",
          fmt::format("{} ({}): {}", c->label, c->tensors_text(), rejection_text(*refusal)));
      return r;
    }
    if (refused++ == 0) r.message = fmt::format("{}: {}", c->label, refusal->message);
  }
  if (refused > 0) {
    mark_unsupported(
        r, fmt::format("{} of {} cases unsupported; first: {}", refused, cases.size(), r.message));
  }
  return r;
}

}  // namespace

void run_support_mode(ModeContext& context) {
  const uint64_t seed = context.options().seed;
  for (const OpInfo* op : context.ops()) {
    for (strata_dtype dtype : context.dtypes(*op)) {
      const std::vector<Case> cases = test_cases(*op, dtype, seed);
      for (const auto& cell : cells_of(cases)) {
        context.emit_timed([&] { return probe(context.plugin(), cell); });
      }
    }
  }
}

}  // namespace strata::conformance
