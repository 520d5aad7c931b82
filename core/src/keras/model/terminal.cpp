#include "terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace strata::detail {

bool stdout_is_terminal() {
  return isatty(STDOUT_FILENO) != 0;
}

int terminal_columns() {
  if (const char* env = std::getenv("COLUMNS")) {
    int columns = 0;
    const char* end = env + std::strlen(env);
    if (std::from_chars(env, end, columns).ptr == end && columns > 0) return columns;
  }
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

}  // namespace strata::detail
