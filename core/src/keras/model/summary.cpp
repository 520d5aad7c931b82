// Model::summary: Keras 3's print_summary (keras/src/utils/summary_utils.py) as plain text.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "batch_shape.hpp"
#include "model_layer.hpp"
#include "strata/keras/model.hpp"
#include "summary_table.hpp"
#include "terminal.hpp"

namespace strata {
namespace {

// 101770 -> "101,770".
std::string with_commas(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) {
    digits.insert(static_cast<size_t>(at), ",");
  }
  return value < 0 ? "-" + digits : digits;
}

// Keras's readable_memory_size: 1024 bytes to the KB, two decimals.
std::string readable_size(double bytes) {
  static constexpr const char* kUnits[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  for (const char* unit : kUnits) {
    if (bytes / 1024 < 1) return fmt::format("{:.2f} {}", bytes, unit);
    bytes /= 1024;
  }
  return fmt::format("{:.2f} PB", bytes);
}

struct WeightTotals {
  int64_t count = 0;
  double bytes = 0;
};

WeightTotals totals(const std::vector<Variable>& weights) {
  WeightTotals out;
  for (const Variable& weight : weights) {
    out.count += weight.shape().numel();
    out.bytes += static_cast<double>(weight.shape().numel() * dtype_size(weight.dtype()));
  }
  return out;
}

std::string totals_line(std::string_view label, const WeightTotals& t) {
  return fmt::format(" {}: {} ({})\n", label, with_commas(t.count), readable_size(t.bytes));
}

std::string shape_text(const detail::GraphNode& node) {
  if (node.output_shapes.size() == 1) return detail::keras_shape_text(node.output_shapes[0]);
  std::string out = "[";
  for (size_t k = 0; k < node.output_shapes.size(); ++k) {
    out += (k > 0 ? ", " : "") + detail::keras_shape_text(node.output_shapes[k]);
  }
  return out + "]";
}

class SummaryRows {
 public:
  explicit SummaryRows(const ModelLayer& model) : model_(model) {}

  std::vector<std::string> row(const Layer& layer, bool connections) const {
    std::vector<std::string> cells{fmt::format("{} ({})", layer.name(), layer.class_name()),
                                   output_shape(layer), params(layer)};
    if (connections) cells.push_back(connected_to(layer));
    return cells;
  }

 private:
  // The last call of the layer in this model, as Keras takes its last inbound node.
  std::string output_shape(const Layer& layer) const {
    const auto nodes = detail::nodes_of(model_.topology(), layer);
    return nodes.empty() ? "?" : shape_text(*nodes.back());
  }

  static std::string params(const Layer& layer) {
    return layer.built() ? with_commas(layer.count_params()) : "0 (unbuilt)";
  }

  // "dense[0][0], dense_1[0][0]": the producing layer, which of its calls, which output.
  std::string connected_to(const Layer& layer) const {
    std::string out;
    for (const detail::GraphNode* node : detail::nodes_of(model_.topology(), layer)) {
      for (const KerasTensor& input : node->inputs) {
        const auto& producer = input.producer();
        const auto calls = detail::nodes_of(model_.topology(), *producer->layer);
        const auto call = std::find(calls.begin(), calls.end(), producer.get()) - calls.begin();
        out += fmt::format("{}{}[{}][{}]", out.empty() ? "" : ", ", producer->layer->name(), call,
                           input.index());
      }
    }
    return out.empty() ? "-" : out;
  }

  const ModelLayer& model_;
};

std::string summary_string(const Model& model, int line_length) {
  const ModelLayer& impl = model.impl();
  const bool sequential_like = impl.sequential_like();
  std::vector<detail::TableColumn> columns{
      {"Layer (type)", false, 0}, {"Output Shape", false, 0}, {"Param #", true, 0}};
  std::vector<double> positions{0.45, 0.80, 1.0};
  int default_length = 88;
  if (!sequential_like) {
    columns.push_back({"Connected to", false, 0});
    positions = {0.3, 0.56, 0.74, 1.0};
    default_length = 108;
  }
  if (line_length <= 0) line_length = std::min(default_length, detail::terminal_columns() - 4);
  const std::vector<int> widths = detail::column_widths(positions, line_length);
  for (size_t k = 0; k < columns.size(); ++k) columns[k].width = widths[k];

  const SummaryRows rows_of(impl);
  std::vector<std::vector<std::string>> rows;
  for (const LayerRef& layer : impl.layers()) rows.push_back(rows_of.row(*layer, !sequential_like));

  const WeightTotals trainable = totals(impl.trainable_weights());
  const WeightTotals frozen = totals(impl.non_trainable_weights());
  WeightTotals slots;
  const auto& compiled = model.impl().compiled();
  if (compiled) slots = totals(compiled->optimizer->variables());
  const WeightTotals all{trainable.count + frozen.count + slots.count,
                         trainable.bytes + frozen.bytes + slots.bytes};

  std::string out = fmt::format("Model: \"{}\"\n", impl.name());
  out += detail::render_table(columns, rows, line_length);
  out += totals_line("Total params", all);
  out += totals_line("Trainable params", trainable);
  out += totals_line("Non-trainable params", frozen);
  // Keras adds the optimizer's variables once it has made them (after the first update).
  if (slots.count > 0) out += totals_line("Optimizer params", slots);
  return out;
}

}  // namespace

std::string Model::summary_text(int line_length) const {
  return summary_string(*this, line_length);
}

void Model::summary(std::ostream& out, int line_length) const {
  out << summary_string(*this, line_length) << std::flush;
}

void Model::summary() const {
  summary(std::cout);
}

}  // namespace strata
