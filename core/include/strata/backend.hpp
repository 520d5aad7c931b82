// strata/backend.hpp: a C++ face on one instance of a backend plugin, and choosing which
// plugin that is.
//
// Backend turns the ABI's error values into exceptions (BackendError), frees what it allocates
// (Buffer), and never calls a slot the plugin left NULL. Backend and Buffer share ownership of
// the plugin instance, so a Buffer that outlives its Backend is still freed correctly.
#pragma once

#include <strata/backend.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "strata/error.hpp"
#include "strata/plugin.hpp"

namespace strata {

// A call into a plugin failed. what() reads "<plugin> backend: <slot or op>: <plugin's
// message>" (the middle part is left out when the plugin's message already starts with it).
class BackendError : public Error {
 public:
  BackendError(strata_status_code code, std::string plugin, std::string context,
               std::string plugin_message);

  strata_status_code code() const noexcept { return code_; }
  const std::string& plugin() const noexcept { return plugin_; }
  const std::string& context() const noexcept { return context_; }  // the slot or op name
  const std::string& plugin_message() const noexcept { return plugin_message_; }

 private:
  strata_status_code code_;
  std::string plugin_;
  std::string context_;
  std::string plugin_message_;
};

namespace detail {
struct Instance;  // one strata_instance and the plugin that made it
}

// A block of plugin memory, freed through the instance that allocated it. Move-only.
class Buffer {
 public:
  Buffer() = default;
  Buffer(std::shared_ptr<const detail::Instance> owner, strata_buffer* handle, uint64_t size);
  Buffer(Buffer&& other) noexcept;
  Buffer& operator=(Buffer&& other) noexcept;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  // For tensor descriptors (strata_tensor::buffer). NULL for an empty handle.
  strata_buffer* handle() const noexcept { return handle_; }
  uint64_t size() const noexcept { return size_; }
  explicit operator bool() const noexcept { return handle_ != nullptr; }
  const detail::Instance* owner() const noexcept { return owner_.get(); }
  // Frees the memory now; the handle becomes empty.
  void reset() noexcept;

 private:
  std::shared_ptr<const detail::Instance> owner_;
  strata_buffer* handle_ = nullptr;
  uint64_t size_ = 0;
};

// How to create an instance. `settings` is the backend's own section of the configuration
// ({"threads": 2, "device": 0}): "threads" sets num_threads (unless num_threads is non-zero
// here), every other key is passed to the plugin as a strata_setting whose value is the JSON
// text of the value.
struct BackendOptions {
  int32_t num_threads = 0;  // 0 = the "threads" setting, else the plugin's default
  const boost::json::object* settings = nullptr;
};

// One instance of a plugin. Used by one thread at a time (the ABI's rule); separate Backends
// may run concurrently. Move-only; a moved-from Backend may only be destroyed or assigned.
class Backend {
 public:
  // Creates an instance; throws BackendError when the plugin refuses (context
  // "instance_create") and Error for a malformed "threads" setting.
  explicit Backend(const Plugin& plugin, const BackendOptions& options = {});
  Backend(Backend&&) noexcept = default;
  Backend& operator=(Backend&&) noexcept = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;
  ~Backend();

  const Plugin& plugin() const noexcept;
  const PluginInfo& info() const noexcept { return plugin().info(); }
  const std::string& name() const noexcept { return plugin().name(); }
  strata_instance* instance() const noexcept;

  Buffer alloc(uint64_t size);
  // Frees now (as Buffer::reset); for symmetry with alloc.
  void free(Buffer& buffer) noexcept { buffer.reset(); }
  void write(Buffer& dst, uint64_t offset, std::span<const std::byte> src);
  void read(const Buffer& src, uint64_t offset, std::span<std::byte> dst);
  void copy(const Buffer& src, uint64_t src_offset, Buffer& dst, uint64_t dst_offset,
            uint64_t size);
  // Host address of the buffer's first byte, or nullptr when the plugin has no buffer_map
  // (its memory is not host-addressable). Call synchronize() before touching it.
  void* map(Buffer& buffer);

  // std::nullopt when the plugin can run `call`; otherwise its reason (UNSUPPORTED or
  // INVALID_ARGUMENT). Any other failure throws BackendError.
  std::optional<std::string> supports(const strata_op_call& call) const;
  void execute(const strata_op_call& call);
  void synchronize();
  // The plugin's thread count, or 0 when it does not say (no get_num_threads slot).
  int32_t num_threads() const;

 private:
  void check_owner(const Buffer& buffer, std::string_view slot) const;

  std::shared_ptr<const detail::Instance> instance_;
};

// Which backend to use and how to start it.
struct BackendRequest {
  std::string backend = "auto";    // "auto", a plugin name, or a path (anything with a '/')
  std::string source = "default";  // for messages: "argument", "STRATA_BACKEND",
                                   // "config file /root/.strata/strata.json"
  int32_t num_threads = 0;
  // The configuration section for a backend name, or nullptr; may be left empty.
  std::function<const boost::json::object*(std::string_view backend_name)> settings_for;
};

// The backend chosen and how the choice was made.
struct Selection {
  Backend backend;
  // Every file considered, in the order considered, with its fate: those rejected (bad file,
  // probe 0, "init failed: ..."), the chosen one (usable), and usable ones ranked below it
  // that were not needed.
  std::vector<Candidate> candidates;
};

// A named or path request uses the first file in search order that loads, probes as runnable
// and starts; "auto" tries every plugin in the search path, best score first, and takes the
// first that starts. Throws BackendNotFound (listing every file tried and why it failed) when
// nothing can be used. Does not announce the backend: see announce_backend.
Selection select_backend(const BackendRequest& request, const SearchPath& search_path);
Selection select_backend(const BackendRequest& request);  // in default_search_path()

// Prints "Using <name> backend." to stderr the first time it is called in this process,
// unless STRATA_QUIET is set (to anything but "" or "0"). Thread-safe. Returns true for the
// call that claimed the announcement, whether or not it printed.
bool announce_backend(std::string_view name);

}  // namespace strata
