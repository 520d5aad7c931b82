// The JSON document of a model file, beyond the tensor table (docs/file-format.md):
//
//   {"format": "strata.model", "strata_version": "0.1.0",
//    "contents": "model" | "weights",
//    "model": {architecture, see architecture.hpp},           (contents "model")
//    "compile_config": {"optimizer": {"class_name", "config"},
//                       "loss": {"name", "config"}, "metrics": ["accuracy"]} | null,
//    "optimizer_state": {"class_name": "Adam", "iterations": 4,  (when saved with it)
//                        "learning_rate": 0.001},
//    "tensors": [...]}
//
// Weights are the tensors of section "weights", each with its layer's name; the optimizer's
// slot variables are those of section "optimizer", in the optimizer's order.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>
#include <vector>

#include "json_access.hpp"
#include "model_file.hpp"
#include "strata/keras/model.hpp"

namespace strata::io_detail {

// The fields every file starts with; `contents` is "model" or "weights".
boost::json::object document_header(std::string_view contents);

// The model's weights, layer by layer, for the file's table.
std::vector<TensorRecord> weight_records(const Model& model);

// The compile config, or null for a model never compiled.
boost::json::value compile_config(ModelLayer& model);
// Compiles `model` as `config` says. Throws IOError naming the file when a part cannot be
// rebuilt (an application's own loss or metric, say).
void compile_from_config(Model& model, const JsonAccess& config);

// The optimizer's state (fields and slot variables) of a compiled model.
boost::json::object optimizer_state(const Optimizer& optimizer);
std::vector<TensorRecord> optimizer_records(const Optimizer& optimizer);
// Puts the saved state into the model's (freshly compiled) optimizer.
void restore_optimizer(const ModelFile& file, Model& model);

// Assigns the file's weights to `model`'s variables, matched as docs/file-format.md says (by
// layer name when the names agree, else by layer order). Everything is checked before the
// first variable changes, so a mismatch leaves the model as it was.
void assign_weights(const ModelFile& file, Model& model);

}  // namespace strata::io_detail
