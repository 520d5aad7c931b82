// strata/error.hpp: the root of every exception the Strata host API throws.
#pragma once

#include <stdexcept>
#include <string>

namespace strata {

// Every error Strata reports to a host application derives from this, so one catch clause
// covers them all. Messages say what was wrong, where, and how to fix it.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace strata
