// strata/kit/plugin.hpp: the boilerplate of a plugin's ABI surface: describing itself, answering
// the probe, filling the function table and the bootstrap's answer.
//
//   constexpr strata_backend_api kApi = strata::kit::api_table<Errors>(strata::kit::Slots{
//       get_info, probe, instance_create, ..., synchronize});  // the slots after the error ones
//   extern "C" STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api(
//       uint32_t abi_major) { return strata::kit::api_for(abi_major, kApi); }
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <string_view>

namespace strata::kit {

// What get_info reports; static strings.
struct Description {
  std::string_view name;         // "reference": what users type
  std::string_view version;      // "1.0.0"
  std::string_view description;  // one line for `strata info`
};

// The get_info slot's work. Fills only the fields the host's struct has room for: an older
// host's struct may be smaller than this plugin's.
inline void fill_info(strata_plugin_info* info, const Description& d) {
  if (STRATA_STRUCT_HAS(info, strata_plugin_info, name_len)) {
    info->name = d.name.data();
    info->name_len = d.name.size();
  }
  if (STRATA_STRUCT_HAS(info, strata_plugin_info, version_len)) {
    info->version = d.version.data();
    info->version_len = d.version.size();
  }
  if (STRATA_STRUCT_HAS(info, strata_plugin_info, description_len)) {
    info->description = d.description.data();
    info->description_len = d.description.size();
  }
}

// The probe slot's work: a score (0: cannot run here) and the reason, which must stay valid
// until the next probe call. Fills only the fields the host's struct has room for.
inline void fill_probe(strata_probe_result* result, int32_t score, std::string_view reason) {
  if (STRATA_STRUCT_HAS(result, strata_probe_result, score)) result->score = score;
  if (STRATA_STRUCT_HAS(result, strata_probe_result, reason_len)) {
    result->reason = reason.data();
    result->reason_len = reason.size();
  }
}

// The slots of the ABI 1.0 table that differ from plugin to plugin, in the table's order; an
// optional slot a plugin leaves out is nullptr. Every slot has a type of its own, so a function
// in the wrong place does not compile: Slots{get_info, probe, ...} is as safe as designated
// initialisers, and shorter.
struct Slots {
  decltype(strata_backend_api::get_info) get_info = nullptr;
  decltype(strata_backend_api::probe) probe = nullptr;
  decltype(strata_backend_api::instance_create) instance_create = nullptr;
  decltype(strata_backend_api::instance_destroy) instance_destroy = nullptr;
  decltype(strata_backend_api::set_num_threads) set_num_threads = nullptr;
  decltype(strata_backend_api::get_num_threads) get_num_threads = nullptr;
  decltype(strata_backend_api::buffer_alloc) buffer_alloc = nullptr;
  decltype(strata_backend_api::buffer_free) buffer_free = nullptr;
  decltype(strata_backend_api::buffer_write) buffer_write = nullptr;
  decltype(strata_backend_api::buffer_read) buffer_read = nullptr;
  decltype(strata_backend_api::buffer_copy) buffer_copy = nullptr;
  decltype(strata_backend_api::buffer_map) buffer_map = nullptr;
  decltype(strata_backend_api::supports) supports = nullptr;
  decltype(strata_backend_api::execute) execute = nullptr;
  decltype(strata_backend_api::synchronize) synchronize = nullptr;
};

// The table: the size, the ABI version, the error slots of ErrorsType (error.hpp's Errors, or
// any type with static code, message and destroy) and the plugin's `slots`.
template <typename ErrorsType>
constexpr strata_backend_api api_table(const Slots& s) {
  return {sizeof(strata_backend_api),
          STRATA_ABI_MAJOR,
          STRATA_ABI_MINOR,
          ErrorsType::code,
          ErrorsType::message,
          ErrorsType::destroy,
          s.get_info,
          s.probe,
          s.instance_create,
          s.instance_destroy,
          s.set_num_threads,
          s.get_num_threads,
          s.buffer_alloc,
          s.buffer_free,
          s.buffer_write,
          s.buffer_read,
          s.buffer_copy,
          s.buffer_map,
          s.supports,
          s.execute,
          s.synchronize};
}

// The bootstrap's answer: the table for the major it speaks, nullptr for any other.
constexpr const strata_backend_api* api_for(uint32_t abi_major, const strata_backend_api& api) {
  return abi_major == STRATA_ABI_MAJOR ? &api : nullptr;
}

}  // namespace strata::kit
