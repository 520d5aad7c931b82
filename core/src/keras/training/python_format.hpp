// Numbers and file names written the way Keras (Python) writes them: CSVLogger's cells,
// ModelCheckpoint's file names, ReduceLROnPlateau's message.
#pragma once

#include <string>
#include <string_view>

#include "strata/keras/callbacks.hpp"

namespace strata::training_detail {

// Python's repr of a float: the shortest text that reads back to the same double, with ".0"
// on whole numbers and an exponent outside [1e-4, 1e16): "0.1", "1.0", "1e-05", "inf", "nan".
std::string python_float(double value);

// Python's str.format(pattern, epoch=epoch, **logs), as ModelCheckpoint fills its file path:
// "{epoch:02d}" takes the integer epoch, "{val_loss:.2f}" a log value, "{{" and "}}" are
// literal braces; a format spec is Python's (fill, align, sign, width, precision, type).
// Throws ValueError naming the pattern when a field names no log value or its spec is bad.
std::string format_checkpoint_path(std::string_view pattern, int epoch, const Logs& logs);

}  // namespace strata::training_detail
