// What Keras asks of the terminal: whether stdout is one, and how wide it is.
#pragma once

namespace strata::detail {

// isatty(stdout): selects the redrawn progress bar.
bool stdout_is_terminal();
// Python's shutil.get_terminal_size().columns: $COLUMNS when a positive number, else the
// terminal on stdout, else 80.
int terminal_columns();

}  // namespace strata::detail
