// Gradient clipping before the optimiser's update, as Keras 3's optimizers clip.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "strata/keras/optimizers.hpp"
#include "strata/tensor.hpp"

namespace strata::training_detail {

// Throws ValueError when more than one option is set or a set one is not positive and finite;
// `optimizer` names the optimiser in the message.
void validate_clip_options(std::string_view optimizer, const ClipOptions& clip);

// The gradients after clipping (the same tensors when no option is set); undefined ones stay
// undefined and do not count towards the global norm. All on the backend, nothing is read:
//   clipnorm c:        g * c / max(||g||, c)                       per gradient
//   global_clipnorm c: g * c / max(sqrt(sum_i ||g_i||^2), c)       all gradients together
//   clipvalue c:       clip(g, -c, c)                              elementwise
// A NaN norm makes the clipped gradients NaN, as in Keras.
std::vector<Tensor> clip_gradients(std::span<const Tensor> gradients, const ClipOptions& clip);

}  // namespace strata::training_detail
