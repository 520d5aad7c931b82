// strata/config.hpp: the user's config file (strata.json) and the settings it yields.
//
// The file is Keras-compatible in shape (keras.json's keys, same defaults) but stricter in
// errors: a hand-edited file that is not valid JSON is reported with its line, column and the
// usual accident (typographic quotes, a trailing or missing comma, a comment), because a silent
// fallback to defaults would make a run use a backend the user did not ask for.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "strata/error.hpp"

namespace strata {

// A config file that cannot be read, parsed or validated, or a `strata config set` that would
// make it invalid. Line and column are 1-based (columns count characters, not bytes, so they
// match what an editor shows) and 0 where the problem has no position, e.g. an empty file.
// what() already starts with "FILE:LINE:COLUMN: "; the accessors serve tools and tests that
// need the position without parsing the message.
class ConfigError : public Error {
 public:
  ConfigError(std::filesystem::path file, std::size_t line, std::size_t column,
              std::string_view message);

  const std::filesystem::path& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }
  std::size_t column() const noexcept { return column_; }

 private:
  std::filesystem::path file_;
  std::size_t line_;
  std::size_t column_;
};

// Where an effective setting came from, so `strata config show` can explain it. Listed from
// lowest to highest precedence (DESIGN.md, "Choosing the backend").
enum class ValueSource { kDefault, kFile, kEnvironment, kArgument };

// "default", "file", "STRATA_BACKEND" or "argument": the environment source is named by its
// variable because that is what the user has to unset to change it.
std::string_view to_string(ValueSource source);

// The folder holding strata.json and why it was chosen; `why` is shown to users who cannot
// find their file: "STRATA_HOME", "home", or "/tmp fallback: <why home was unusable>".
struct ConfigLocation {
  std::filesystem::path folder;
  std::filesystem::path file;
  std::string why;
};

// $STRATA_HOME if set and non-empty; else $HOME/.strata if it exists or can be created and is
// writable (so it is created here); else /tmp/.strata. Never throws: a machine without a
// usable home (a container, a CI sandbox) must still run with defaults.
ConfigLocation resolve_config_location();

// The effective settings. Each value sits next to its source so a caller can override it (the
// host's explicit backend argument) and still report honestly where the result came from.
struct Config {
  std::filesystem::path file;  // the file read, or the one that would have been read
  std::string file_why;        // ConfigLocation::why from load_config(); empty otherwise
  bool created = false;        // this load wrote the defaults file

  std::string backend = "auto";  // "auto", a plugin name, or a path to a plugin file
  ValueSource backend_source = ValueSource::kDefault;
  std::string floatx = "float32";  // float32, float16, bfloat16 or float64
  ValueSource floatx_source = ValueSource::kDefault;
  double epsilon = 1e-7;  // positive and finite
  ValueSource epsilon_source = ValueSource::kDefault;
  std::string image_data_format = "channels_last";  // or channels_first
  ValueSource image_data_format_source = ValueSource::kDefault;

  // Per-backend sections by backend name, e.g. {"avx": {"threads": 2}}. The core does not
  // interpret them: a third-party plugin's settings must pass through untouched.
  boost::json::object backend_settings;

  // Problems that do not stop a run (unknown keys, the legacy image_dim_ordering key), each a
  // complete line that names the file and position and says how to fix it.
  std::vector<std::string> warnings;

  // The section for one backend, or nullptr when the file has none.
  const boost::json::object* settings_for(std::string_view backend_name) const;
};

// What a program normally calls: resolves the folder, creates the defaults file if it is
// missing (silently carrying on with defaults if that fails, e.g. on a read-only home), reads
// and validates the file, then applies STRATA_BACKEND. Throws ConfigError for a file that
// exists but is unreadable, malformed or invalid.
Config load_config();

// Reads and validates one file without touching the environment or creating anything, so tools
// and tests see exactly what the file says. Throws ConfigError, also when the file is missing.
Config load_config_file(const std::filesystem::path& file);

// Validates text as the contents of a config file; `file_for_messages` only labels errors.
Config parse_config_text(std::string_view text, const std::filesystem::path& file_for_messages);

// STRATA_BACKEND, when set and non-empty, overrides the file's backend (it ranks above the file
// and below the host's argument).
void apply_environment(Config& config);

// `strata config set`: sets a top-level key (backend, floatx, epsilon, image_data_format) or a
// per-backend setting written "section.setting" (e.g. "avx.threads"). The value is taken as
// JSON when it parses as JSON (2, true, "text") and as a plain string otherwise, so users need
// not quote names on a shell command line. The result is validated exactly as loading does and
// written atomically (temporary file in the same folder, fsync, rename) preserving the other
// keys and their order; a missing file starts from the defaults. Nothing is written when the
// key or value is rejected or the existing file is malformed (ConfigError in each case).
// Returns the file's settings as written (without the environment), including its warnings.
Config set_config_value(const std::filesystem::path& file, std::string_view key,
                        std::string_view value);

}  // namespace strata
