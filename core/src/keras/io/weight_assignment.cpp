// Putting a file's tensors into a model's weights and its optimizer's slots, checked first.
#include <fmt/format.h>

#include "model_document.hpp"
#include "strata/autodiff.hpp"
#include "strata/keras/io_error.hpp"
#include "weight_matching.hpp"

namespace strata::io_detail {
namespace {

struct Assignment {
  Variable variable;
  StoredTensor stored;
};

// `what` says whose variable it is ("layer 'dense_5'"), for the message.
void check_fits(const ModelFile& file, const Assignment& a, std::string_view what) {
  if (a.stored.shape != a.variable.shape() || a.stored.dtype != a.variable.dtype()) {
    throw IOError(file.path(),
                  fmt::format("{}: weight '{}' is {} {} in the model, but the file's '{}' is {} "
                              "{}; the file was saved from a model of another shape",
                              what, a.variable.name(), a.variable.shape().to_string(),
                              dtype_name(a.variable.dtype()), a.stored.name,
                              a.stored.shape.to_string(), dtype_name(a.stored.dtype)));
  }
}

void assign_all(const ModelFile& file, std::vector<Assignment> assignments) {
  NoGradGuard no_grad;
  for (Assignment& a : assignments) a.variable.assign(file.load(a.stored));
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += fmt::format("{}'{}'", out.empty() ? "" : ", ", name);
  return out;
}

struct Group {
  std::string layer;
  std::vector<StoredTensor> tensors;
};

// The file's weights by layer, layers in the order they first appear.
std::vector<Group> stored_groups(const ModelFile& file) {
  std::vector<Group> groups;
  for (const StoredTensor& t : file.tensors_in(TensorSection::weights)) {
    if (groups.empty() || groups.back().layer != t.layer) groups.push_back({t.layer, {}});
    groups.back().tensors.push_back(t);
  }
  return groups;
}

std::vector<Assignment> pair_layer(const ModelFile& file, const LayerRef& layer,
                                   const Group& group) {
  const std::vector<Variable> weights = layer->weights();
  const std::string what =
      layer->name() == group.layer
          ? fmt::format("layer '{}'", layer->name())
          : fmt::format("layer '{}' (paired by position with the file's layer '{}')", layer->name(),
                        group.layer);
  if (weights.size() != group.tensors.size()) {
    throw IOError(file.path(), fmt::format("{} has {} weights, but the file holds {} for it", what,
                                           weights.size(), group.tensors.size()));
  }
  std::vector<Assignment> out;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    out.push_back({weights[k], group.tensors[k]});
    check_fits(file, out.back(), what);
  }
  return out;
}

}  // namespace

void assign_weights(const ModelFile& file, Model& model) {
  std::vector<LayerRef> layers;
  std::vector<std::string> layer_names;
  for (const LayerRef& layer : model.layers()) {
    if (layer->weights().empty()) continue;
    layers.push_back(layer);
    layer_names.push_back(layer->name());
  }
  const std::vector<Group> groups = stored_groups(file);
  std::vector<std::string> group_names;
  for (const Group& group : groups) group_names.push_back(group.layer);
  if (layers.empty() && !groups.empty()) {
    throw IOError(file.path(),
                  fmt::format("model '{}' has no weights yet to load into; build it first (start "
                              "it with an Input, or call it on data)",
                              model.name()));
  }
  const auto pairs = pair_up(layer_names, group_names);
  if (!pairs) {
    throw IOError(file.path(),
                  fmt::format("the file holds weights for {} layers ({}), but model '{}' has {} "
                              "layers with weights ({})",
                              groups.size(), quoted_list(group_names), model.name(), layers.size(),
                              quoted_list(layer_names)));
  }
  std::vector<Assignment> assignments;
  for (std::size_t k = 0; k < layers.size(); ++k) {
    for (Assignment& a : pair_layer(file, layers[k], groups[(*pairs)[k]])) {
      assignments.push_back(std::move(a));
    }
  }
  assign_all(file, assignments);
}

void restore_optimizer(const ModelFile& file, Model& model) {
  const JsonAccess document(file.path(), file.document(), "document");
  if (!document.has("optimizer_state")) return;
  const JsonAccess state = document["optimizer_state"];
  const Optimizer& optimizer = model.optimizer();
  if (state["class_name"].string() != optimizer->class_name()) {
    state["class_name"].fail(fmt::format("is \"{}\", but the compile config made a {}",
                                         state["class_name"].string(), optimizer->class_name()));
  }
  const std::vector<StoredTensor> slots = file.tensors_in(TensorSection::optimizer);
  if (!slots.empty()) {
    optimizer->build(model->trainable_weights());
    const std::vector<Variable> variables = optimizer->variables();
    std::vector<std::string> wanted;
    std::vector<std::string> stored;
    for (const Variable& v : variables) wanted.push_back(v.name());
    for (const StoredTensor& t : slots) stored.push_back(t.name);
    const auto pairs = pair_up(wanted, stored);
    if (!pairs) {
      throw IOError(file.path(),
                    fmt::format("the file holds {} optimizer slot variables, but the {} optimizer "
                                "of the loaded model has {}",
                                slots.size(), optimizer->class_name(), variables.size()));
    }
    std::vector<Assignment> assignments;
    for (std::size_t k = 0; k < variables.size(); ++k) {
      assignments.push_back({variables[k], slots[(*pairs)[k]]});
      check_fits(file, assignments.back(), "the optimizer");
    }
    assign_all(file, assignments);
  }
  optimizer->set_iterations(state["iterations"].integer());
  optimizer->set_learning_rate(state["learning_rate"].number());
}

}  // namespace strata::io_detail
