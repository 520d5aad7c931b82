// The per-thread switch that NoGradGuard flips.
#include "strata/autodiff.hpp"

namespace strata {
namespace {

thread_local bool recording = true;

}  // namespace

bool grad_enabled() noexcept {
  return recording;
}

NoGradGuard::NoGradGuard() noexcept : previous_(recording) {
  recording = false;
}

NoGradGuard::~NoGradGuard() {
  recording = previous_;
}

}  // namespace strata
