// A backend plugin that is the reference backend with faults injected on command, for the
// fault-injection tests (tests/faults). It includes only the SDK, loads the reference plugin
// (STRATA_FAULT_REFERENCE_FILE, set at build time) with dlopen, forwards every slot to it, and
// fails where the instance's settings (the config's per-backend section) say:
//
//   "fail_op":     the slot or op that fails: "buffer_alloc", "buffer_write", "buffer_read",
//                  "synchronize", or an op name as the core words it ("matmul", "optimizer", ...)
//   "fail_call":   which call of it fails, counted from 1 per instance (default 1)
//   "fail_status": "out_of_memory" (default), "device_lost", "internal", "invalid_argument"
//
// An injected failure happens once, except device_lost: from then on every call of the
// instance fails with STRATA_DEVICE_LOST, as a real lost device would. Buffers are the
// reference's own handles; the plugin counts allocations and frees (strata_fault_stats).
#include "fault_plugin.hpp"

#include <dlfcn.h>
#include <strata/backend.h>
#include <strata/kit/op_name.hpp>

#include <array>
#include <atomic>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <utility>

struct strata_error {
  strata_status_code code;
  std::string message;
};

struct strata_instance {
  strata_instance* inner;  // the reference's instance
  std::string fail_op;
  uint64_t fail_call = 1;
  strata_status_code fail_status = STRATA_OUT_OF_MEMORY;
  uint64_t calls = 0;  // calls of fail_op so far
  bool lost = false;
  uint64_t live_buffers = 0;
};

namespace fault {
namespace {

constexpr std::string_view kName = "fault";
constexpr std::string_view kVersion = "1.0.0";
constexpr std::string_view kDescription =
    "test plugin: the reference backend failing on command (fail_op, fail_call, fail_status)";

strata_error g_out_of_memory{STRATA_OUT_OF_MEMORY, "fault: out of memory"};

struct Counters {
  std::atomic<uint64_t> instances_created{0}, instances_destroyed{0};
  std::atomic<uint64_t> buffers_allocated{0}, buffers_freed{0}, buffers_left_at_destroy{0};
  std::atomic<uint64_t> faults_injected{0};
} g_counters;

strata_error* make_error(strata_status_code code, std::string message) {
  auto* err = new (std::nothrow) strata_error{code, std::move(message)};
  return err != nullptr ? err : &g_out_of_memory;
}

const strata_backend_api* reference() {
  static const strata_backend_api* api = []() -> const strata_backend_api* {
    void* library = dlopen(STRATA_FAULT_REFERENCE_FILE, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) return nullptr;
    auto get_api =
        reinterpret_cast<strata_backend_get_api_fn>(dlsym(library, STRATA_BOOTSTRAP_SYMBOL));
    return get_api != nullptr ? get_api(STRATA_ABI_MAJOR) : nullptr;
  }();
  return api;
}

// A reference error as one of ours, so one error_destroy serves both.
strata_error* adopt(strata_error* theirs) {
  if (theirs == nullptr) return nullptr;
  const char* text = nullptr;
  size_t length = 0;
  reference()->error_message(theirs, &text, &length);
  strata_error* ours = make_error(reference()->error_code(theirs), std::string(text, length));
  reference()->error_destroy(theirs);
  return ours;
}

constexpr std::array<std::pair<std::string_view, strata_status_code>, 4> kStatuses{{
    {"out_of_memory", STRATA_OUT_OF_MEMORY},
    {"device_lost", STRATA_DEVICE_LOST},
    {"internal", STRATA_INTERNAL},
    {"invalid_argument", STRATA_INVALID_ARGUMENT},
}};

std::string_view status_words(strata_status_code code) {
  for (const auto& [name, status] : kStatuses) {
    if (status == code) return name;
  }
  return "error";
}

// A JSON string setting without its quotes; the settings the tests pass need no escapes.
std::string_view unquote(std::string_view json) {
  if (json.size() >= 2 && json.front() == '"' && json.back() == '"') {
    return json.substr(1, json.size() - 2);
  }
  return json;
}

strata_error* apply_setting(strata_instance& inst, std::string_view key, std::string_view value) {
  if (key == "fail_op") {
    inst.fail_op = unquote(value);
  } else if (key == "fail_call") {
    inst.fail_call = std::strtoull(std::string(value).c_str(), nullptr, 10);
    if (inst.fail_call == 0) return make_error(STRATA_INVALID_ARGUMENT, "fault: fail_call is >= 1");
  } else if (key == "fail_status") {
    const std::string_view wanted = unquote(value);
    for (const auto& [name, status] : kStatuses) {
      if (name == wanted) {
        inst.fail_status = status;
        return nullptr;
      }
    }
    return make_error(STRATA_INVALID_ARGUMENT,
                      "fault: unknown fail_status '" + std::string(wanted) + "'");
  } else {
    return make_error(STRATA_INVALID_ARGUMENT, "fault: unknown setting '" + std::string(key) +
                                                   "'; known: fail_op, fail_call, fail_status");
  }
  return nullptr;
}

// The injected failure for this call of `what`, if it is the one chosen; also the standing
// failure of a lost device.
strata_error* inject(strata_instance* inst, std::string_view what) {
  if (inst->lost) {
    return make_error(STRATA_DEVICE_LOST, "fault: the device was lost earlier (injected)");
  }
  if (what != inst->fail_op || ++inst->calls != inst->fail_call) return nullptr;
  ++g_counters.faults_injected;
  if (inst->fail_status == STRATA_DEVICE_LOST) inst->lost = true;
  return make_error(inst->fail_status, "fault injected: call " + std::to_string(inst->calls) +
                                           " of " + std::string(what) + " failed (" +
                                           std::string(status_words(inst->fail_status)) + ")");
}

strata_status_code error_code(const strata_error* err) {
  return err->code;
}

void error_message(const strata_error* err, const char** message, size_t* length) {
  *message = err->message.data();
  *length = err->message.size();
}

void error_destroy(strata_error* err) {
  if (err != &g_out_of_memory) delete err;
}

void get_info(strata_plugin_info* info) {
  info->name = kName.data();
  info->name_len = kName.size();
  info->version = kVersion.data();
  info->version_len = kVersion.size();
  info->description = kDescription.data();
  info->description_len = kDescription.size();
}

void probe(strata_probe_result* result) {
  static constexpr std::string_view kReady = "test plugin, never chosen by auto";
  static constexpr std::string_view kMissing = "cannot load the reference plugin";
  const bool ready = reference() != nullptr;
  result->score = ready ? 1 : 0;
  result->reason = ready ? kReady.data() : kMissing.data();
  result->reason_len = ready ? kReady.size() : kMissing.size();
}

strata_error* instance_create(const strata_instance_options* options, strata_instance** out) {
  if (reference() == nullptr) return make_error(STRATA_INTERNAL, "fault: no reference plugin");
  auto* inst = new (std::nothrow) strata_instance{};
  if (inst == nullptr) return make_error(STRATA_OUT_OF_MEMORY, "fault: out of memory");
  strata_instance_options inner_options{sizeof(strata_instance_options), 0, nullptr, 0};
  if (options != nullptr) {
    inner_options.num_threads = options->num_threads;
    for (size_t i = 0; i < options->num_settings; ++i) {
      const strata_setting& s = options->settings[i];
      if (strata_error* err = apply_setting(*inst, {s.key, s.key_len}, {s.value, s.value_len})) {
        delete inst;
        return err;
      }
    }
  }
  if (strata_error* err = adopt(reference()->instance_create(&inner_options, &inst->inner))) {
    delete inst;
    return err;
  }
  ++g_counters.instances_created;
  *out = inst;
  return nullptr;
}

void instance_destroy(strata_instance* inst) {
  g_counters.buffers_left_at_destroy += inst->live_buffers;
  reference()->instance_destroy(inst->inner);
  delete inst;
  ++g_counters.instances_destroyed;
}

int32_t get_num_threads(const strata_instance* inst) {
  return reference()->get_num_threads(inst->inner);
}

strata_error* buffer_alloc(strata_instance* inst, uint64_t size, strata_buffer** out) {
  if (strata_error* err = inject(inst, "buffer_alloc")) return err;
  strata_error* err = adopt(reference()->buffer_alloc(inst->inner, size, out));
  if (err == nullptr) {
    ++inst->live_buffers;
    ++g_counters.buffers_allocated;
  }
  return err;
}

void buffer_free(strata_instance* inst, strata_buffer* buffer) {
  if (buffer == nullptr) return;
  --inst->live_buffers;
  ++g_counters.buffers_freed;
  reference()->buffer_free(inst->inner, buffer);
}

strata_error* buffer_write(strata_instance* inst, strata_buffer* dst, uint64_t offset,
                           const void* src, uint64_t size) {
  if (strata_error* err = inject(inst, "buffer_write")) return err;
  return adopt(reference()->buffer_write(inst->inner, dst, offset, src, size));
}

strata_error* buffer_read(strata_instance* inst, const strata_buffer* src, uint64_t offset,
                          void* dst, uint64_t size) {
  if (strata_error* err = inject(inst, "buffer_read")) return err;
  return adopt(reference()->buffer_read(inst->inner, src, offset, dst, size));
}

strata_error* buffer_copy(strata_instance* inst, const strata_buffer* src, uint64_t src_offset,
                          strata_buffer* dst, uint64_t dst_offset, uint64_t size) {
  if (strata_error* err = inject(inst, "buffer_copy")) return err;
  return adopt(reference()->buffer_copy(inst->inner, src, src_offset, dst, dst_offset, size));
}

strata_error* supports(const strata_instance* inst, const strata_op_call* call) {
  return adopt(reference()->supports(inst->inner, call));
}

strata_error* execute(strata_instance* inst, const strata_op_call* call) {
  if (strata_error* err = inject(inst, strata::kit::op_name(call->op))) return err;
  return adopt(reference()->execute(inst->inner, call));
}

strata_error* synchronize(strata_instance* inst) {
  if (strata_error* err = inject(inst, "synchronize")) return err;
  return adopt(reference()->synchronize(inst->inner));
}

// No buffer_map: every byte goes through buffer_read/buffer_write, where faults can hit.
const strata_backend_api kApi = {
    sizeof(strata_backend_api),
    STRATA_ABI_MAJOR,
    STRATA_ABI_MINOR,
    error_code,
    error_message,
    error_destroy,
    get_info,
    probe,
    instance_create,
    instance_destroy,
    nullptr,
    get_num_threads,
    buffer_alloc,
    buffer_free,
    buffer_write,
    buffer_read,
    buffer_copy,
    nullptr,
    supports,
    execute,
    synchronize,
};

}  // namespace
}  // namespace fault

extern "C" STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api(
    uint32_t abi_major) {
  return abi_major == STRATA_ABI_MAJOR ? &fault::kApi : nullptr;
}

extern "C" STRATA_PLUGIN_EXPORT void strata_fault_plugin_stats(strata_fault_stats* out) {
  const auto& c = fault::g_counters;
  *out = {c.instances_created, c.instances_destroyed,     c.buffers_allocated,
          c.buffers_freed,     c.buffers_left_at_destroy, c.faults_injected};
}
