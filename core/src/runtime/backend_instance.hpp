// The shared core of Backend and Buffer: one plugin instance, destroyed when the last owner
// (a Backend or any Buffer it allocated) lets go.
#pragma once

#include <strata/backend.h>

#include "buffer_table.hpp"
#include "strata/plugin.hpp"

namespace strata::detail {

struct Instance {
  explicit Instance(const Plugin& owner) : plugin(owner) {}
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;
  ~Instance() {
    if (handle != nullptr) plugin.api().instance_destroy(handle);
  }

  const Plugin& plugin;  // immortal: see plugin.hpp
  strata_instance* handle = nullptr;
  // Every live Buffer of this instance, kept by Buffer itself, for check_op_call.
  mutable runtime::BufferTable buffers;
};

}  // namespace strata::detail
