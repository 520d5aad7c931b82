// LayerRef's eager call (its KerasTensor overloads live with the functional model).
#include "strata/keras/layer.hpp"
#include "strata/op_error.hpp"

namespace strata {

Tensor LayerRef::operator()(const Tensor& input, bool training) const {
  if (!layer_) throw ValueError("LayerRef: calling an empty layer handle; make a layer first");
  return (*layer_)(input, training);
}

}  // namespace strata
