// Model::save, save_weights, load_weights and load_model: the model-level side of the file
// format (docs/file-format.md).
#include <fmt/format.h>

#include "../model/model_layer.hpp"
#include "architecture.hpp"
#include "model_document.hpp"
#include "model_file.hpp"
#include "strata/keras/io_error.hpp"
#include "strata/keras/model.hpp"

namespace strata {

void Model::save(const std::string& path, bool include_optimizer) const {
  boost::json::object document = io_detail::document_header("model");
  document["model"] = io_detail::serialize_model(impl());
  document["compile_config"] = io_detail::compile_config(impl());
  std::vector<io_detail::TensorRecord> tensors = io_detail::weight_records(*this);
  if (include_optimizer && impl().compiled()) {
    const Optimizer& optimizer = impl().compiled()->optimizer;
    document["optimizer_state"] = io_detail::optimizer_state(optimizer);
    for (auto& record : io_detail::optimizer_records(optimizer)) {
      tensors.push_back(std::move(record));
    }
  }
  io_detail::write_model_file(path, std::move(document), tensors);
}

void Model::save_weights(const std::string& path) const {
  io_detail::write_model_file(path, io_detail::document_header("weights"),
                              io_detail::weight_records(*this));
}

void Model::load_weights(const std::string& path) {
  const io_detail::ModelFile file(path);
  io_detail::assign_weights(file, *this);
}

Model load_model(const std::string& path, bool compile) {
  const io_detail::ModelFile file(path);
  const io_detail::JsonAccess document(file.path(), file.document(), "document");
  if (document["contents"].string() != "model") {
    throw IOError(path,
                  "holds weights only (save_weights wrote it): build the model in code and "
                  "call load_weights instead");
  }
  Model model = io_detail::deserialize_model(document["model"]);
  io_detail::assign_weights(file, model);
  if (compile && !document["compile_config"].value().is_null()) {
    io_detail::compile_from_config(model, document["compile_config"]);
    io_detail::restore_optimizer(file, model);
  }
  return model;
}

}  // namespace strata
