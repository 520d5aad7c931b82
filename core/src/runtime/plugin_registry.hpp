// The process-wide record of every library the loader opened and every plugin it accepted.
//
// Intentionally immortal: it is created on first use and never destroyed, so no library is
// ever unloaded, not even at exit (a plugin's static data, threads or atexit handlers would
// otherwise outlive its code), and every Plugin reference stays valid for the whole process.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "dll.hpp"
#include "strata/plugin.hpp"

namespace strata::runtime {

class Registry {
 public:
  static Registry& instance();

  // Held while loading: dlopen/dlerror and the maps below are shared by all threads.
  std::mutex& mutex() noexcept { return mutex_; }

  // The fate of a canonical file that was opened before, or nullptr.
  const Candidate* find(const std::filesystem::path& canonical) const;
  const Candidate& remember(const std::filesystem::path& canonical, Candidate fate);
  // Keeps an opened library loaded forever.
  void keep(boost::dll::shared_library library);
  const Plugin& adopt(std::unique_ptr<Plugin> plugin);

 private:
  Registry() = default;

  std::mutex mutex_;
  std::map<std::filesystem::path, Candidate> fates_;
  std::vector<boost::dll::shared_library> libraries_;
  std::vector<std::unique_ptr<Plugin>> plugins_;
};

}  // namespace strata::runtime
