// What the monitoring callbacks (EarlyStopping, ModelCheckpoint, ReduceLROnPlateau) share:
// which way the monitored quantity improves, the improvement test, and their warnings.
#pragma once

#include <string_view>

#include "strata/keras/callbacks.hpp"
#include "strata/keras/model.hpp"

namespace strata::training_detail {

enum class Direction { minimize, maximize };

// mode "min" or "max" as given; "auto" maximises accuracy-like quantities ("acc" in the name,
// as Keras decides) and minimises the rest (losses, errors). ValueError naming `who` for any
// other mode.
Direction monitor_direction(std::string_view who, std::string_view mode, std::string_view monitor);

// `current` beats `reference` by more than `min_delta` in that direction.
bool improves(Direction direction, double current, double reference, double min_delta);

// The worst possible value, which anything beats: +inf when minimising, -inf when maximising.
double worst_value(Direction direction);

// Writes Keras's warning that `monitor` is missing from the logs to stderr.
void warn_missing_monitor(std::string_view what, std::string_view monitor, const Logs& logs);

// The model a callback is attached to; ValueError naming `who` when fit has not set one.
Model& attached_model(const CallbackImpl& callback, std::string_view who);

}  // namespace strata::training_detail
