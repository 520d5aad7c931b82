// A backend plugin that is the reference backend with bugs switched on by name: the conformance
// tests run `strata conformance` on it and check that each bug fails exactly the ops it breaks.
//
// It loads the real reference plugin (STRATA_BROKEN_REFERENCE_FILE, set at build time) with
// dlopen, forwards every slot to it, and distorts calls or results as bugs.hpp describes. The
// bugs are read from STRATA_BROKEN_BUG when an instance is created and apply to the whole
// plugin until the next instance_create (tests use one instance at a time). Like any plugin it
// includes only the SDK; errors of its own and the reference's cross as one error type.
#include <dlfcn.h>
#include <strata/backend.h>
#include <strata/kit/error.hpp>
#include <strata/kit/plugin.hpp>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "bugs.hpp"

namespace broken {
namespace {

constexpr char kOutOfMemory[] = "broken: out of memory";
using Errors = strata::kit::Errors<kOutOfMemory>;

std::atomic<unsigned> g_behaviours{0};
std::mutex g_sizes_mutex;
std::unordered_map<const strata_buffer*, uint64_t> g_sizes;  // for writes past an end

strata_error* make_error(strata_status_code code, std::string message) {
  return Errors::make(code, std::move(message));
}

// The reference plugin's table, or nullptr with the reason in `problem`.
const strata_backend_api* reference(std::string* problem = nullptr) {
  static std::string failure;
  static const strata_backend_api* api = []() -> const strata_backend_api* {
    void* library = dlopen(STRATA_BROKEN_REFERENCE_FILE, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      failure = std::string("cannot load the reference plugin: ") + dlerror();
      return nullptr;
    }
    auto get_api =
        reinterpret_cast<strata_backend_get_api_fn>(dlsym(library, STRATA_BOOTSTRAP_SYMBOL));
    const strata_backend_api* table = get_api != nullptr ? get_api(STRATA_ABI_MAJOR) : nullptr;
    if (table == nullptr) failure = "the reference plugin has no ABI 1 table";
    return table;
  }();
  if (problem != nullptr) *problem = failure;
  return api;
}

// A reference error as one of ours (so one error_destroy serves both).
strata_error* adopt(strata_error* theirs) {
  if (theirs == nullptr) return nullptr;
  const strata_backend_api* api = reference();
  const char* text = nullptr;
  size_t length = 0;
  api->error_message(theirs, &text, &length);
  strata_error* ours = make_error(api->error_code(theirs), std::string(text, length));
  api->error_destroy(theirs);
  return ours;
}

void get_info(strata_plugin_info* info) {
  strata::kit::fill_info(
      info, {"broken", "1.0.0",
             "test plugin: the reference backend with bugs switched on by STRATA_BROKEN_BUG"});
}

void probe(strata_probe_result* result) {
  static std::string reason;
  result->score = reference(&reason) != nullptr ? 1 : 0;
  if (result->score != 0) reason = "test plugin, never chosen by auto";
  result->reason = reason.data();
  result->reason_len = reason.size();
}

strata_error* instance_create(const strata_instance_options* options, strata_instance** out) {
  std::string problem;
  const strata_backend_api* api = reference(&problem);
  if (api == nullptr) return make_error(STRATA_INTERNAL, "broken: " + problem);
  const char* wanted = std::getenv("STRATA_BROKEN_BUG");
  unsigned behaviours = 0;
  std::string bad;
  if (!parse_behaviours(wanted != nullptr ? wanted : "", behaviours, bad)) {
    return make_error(STRATA_INVALID_ARGUMENT, "broken: STRATA_BROKEN_BUG names '" + bad +
                                                   "'; known bugs: " + behaviour_names());
  }
  g_behaviours = behaviours;
  return adopt(api->instance_create(options, out));
}

void instance_destroy(strata_instance* instance) {
  reference()->instance_destroy(instance);
}

int32_t get_num_threads(const strata_instance* instance) {
  return reference()->get_num_threads(instance);
}

strata_error* buffer_alloc(strata_instance* instance, uint64_t size, strata_buffer** out) {
  strata_error* err = adopt(reference()->buffer_alloc(instance, size, out));
  if (err == nullptr) {
    std::lock_guard lock(g_sizes_mutex);
    g_sizes[*out] = size;
  }
  return err;
}

void buffer_free(strata_instance* instance, strata_buffer* buffer) {
  {
    std::lock_guard lock(g_sizes_mutex);
    g_sizes.erase(buffer);
  }
  reference()->buffer_free(instance, buffer);
}

strata_error* buffer_write(strata_instance* instance, strata_buffer* dst, uint64_t offset,
                           const void* src, uint64_t size) {
  return adopt(reference()->buffer_write(instance, dst, offset, src, size));
}

strata_error* buffer_read(strata_instance* instance, const strata_buffer* src, uint64_t offset,
                          void* dst, uint64_t size) {
  return adopt(reference()->buffer_read(instance, src, offset, dst, size));
}

strata_error* buffer_copy(strata_instance* instance, const strata_buffer* src, uint64_t src_offset,
                          strata_buffer* dst, uint64_t dst_offset, uint64_t size) {
  return adopt(reference()->buffer_copy(instance, src, src_offset, dst, dst_offset, size));
}

strata_error* buffer_map(strata_instance* instance, strata_buffer* buffer, void** ptr) {
  return adopt(reference()->buffer_map(instance, buffer, ptr));
}

// UNSUPPORTED when no_f16 or no_f64 switches the call's dtype off.
strata_error* refusal(unsigned behaviours, const strata_op_call& call) {
  switch (refused_dtype(behaviours, call)) {
    case STRATA_F16:
      return make_error(STRATA_UNSUPPORTED, "broken: f16 is switched off (no_f16)");
    case STRATA_F64:
      return make_error(STRATA_UNSUPPORTED, "broken: f64 is switched off (no_f64)");
    default:
      return nullptr;
  }
}

strata_error* supports(const strata_instance* instance, const strata_op_call* call) {
  if (strata_error* err = refusal(g_behaviours, *call)) return err;
  return adopt(reference()->supports(instance, call));
}

strata_error* execute(strata_instance* instance, const strata_op_call* call) {
  const unsigned behaviours = g_behaviours;
  if (strata_error* err = refusal(behaviours, *call)) return err;
  const AlteredCall altered(behaviours, *call);
  if (strata_error* err = adopt(reference()->execute(instance, &altered.call()))) return err;
  const Memory memory{[instance](strata_buffer* b) {
                        void* p = nullptr;
                        Errors::destroy(adopt(reference()->buffer_map(instance, b, &p)));
                        return static_cast<std::byte*>(p);
                      },
                      [](const strata_buffer* b) {
                        std::lock_guard lock(g_sizes_mutex);
                        return g_sizes.at(b);
                      }};
  corrupt_results(behaviours, *call, memory);
  return nullptr;
}

strata_error* synchronize(strata_instance* instance) {
  return adopt(reference()->synchronize(instance));
}

constexpr strata_backend_api kApi = strata::kit::api_table<Errors>(
    strata::kit::Slots{get_info, probe, instance_create, instance_destroy, nullptr, get_num_threads,
                       buffer_alloc, buffer_free, buffer_write, buffer_read, buffer_copy,
                       buffer_map, supports, execute, synchronize});

}  // namespace
}  // namespace broken

extern "C" STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api(
    uint32_t abi_major) {
  return strata::kit::api_for(abi_major, broken::kApi);
}
