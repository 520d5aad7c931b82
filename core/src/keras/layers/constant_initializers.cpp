// Zeros, Ones and Constant.
#include <string>

#include "initializer_impls.hpp"

namespace strata {
namespace layers_detail {
namespace {

class ConstantInitializer final : public InitializerImpl {
 public:
  ConstantInitializer(std::string_view class_name, double value)
      : class_name_(class_name), value_(value) {}

  Tensor operator()(const Shape& shape, DType dtype) const override {
    return Tensor::full(shape, value_, dtype);
  }
  std::string_view class_name() const override { return class_name_; }
  boost::json::object get_config() const override {
    if (class_name_ != "Constant") return {};
    return {{"value", value_}};
  }

 private:
  std::string class_name_;
  double value_;
};

}  // namespace

Initializer make_constant(std::string_view class_name, double value) {
  return Initializer(std::make_shared<ConstantInitializer>(class_name, value));
}

}  // namespace layers_detail

Initializer Zeros() {
  return layers_detail::make_constant("Zeros", 0);
}
Initializer Ones() {
  return layers_detail::make_constant("Ones", 1);
}
Initializer Constant(double value) {
  return layers_detail::make_constant("Constant", value);
}

}  // namespace strata
