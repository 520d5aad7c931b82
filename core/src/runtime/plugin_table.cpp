#include "plugin_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <vector>

namespace strata::runtime {
namespace {

// One slot of the table: where it is, whether the host needs it, and the ABI version that
// added it (a table of an older minor may end before it).
struct Slot {
  std::string_view name;
  std::size_t offset;
  bool required;
  std::string_view since;
};

#define STRATA_SLOT(field, required)                             \
  Slot {                                                         \
#field, offsetof(strata_backend_api, field), required, "1.0" \
  }

constexpr std::array kSlots = {
    STRATA_SLOT(error_code, true),
    STRATA_SLOT(error_message, true),
    STRATA_SLOT(error_destroy, true),
    STRATA_SLOT(get_info, true),
    STRATA_SLOT(probe, true),
    STRATA_SLOT(instance_create, true),
    STRATA_SLOT(instance_destroy, true),
    STRATA_SLOT(set_num_threads, false),
    STRATA_SLOT(get_num_threads, false),
    STRATA_SLOT(buffer_alloc, true),
    STRATA_SLOT(buffer_free, true),
    STRATA_SLOT(buffer_write, true),
    STRATA_SLOT(buffer_read, true),
    STRATA_SLOT(buffer_copy, true),
    STRATA_SLOT(buffer_map, false),
    STRATA_SLOT(supports, true),
    STRATA_SLOT(execute, true),
    STRATA_SLOT(synchronize, true),
};
#undef STRATA_SLOT

// The table as the host sees it: the plugin's bytes up to its struct_size, zeros after.
strata_backend_api host_copy(const strata_backend_api& table) {
  strata_backend_api copy;
  std::memset(&copy, 0, sizeof copy);
  std::memcpy(&copy, &table, std::min(table.struct_size, sizeof copy));
  return copy;
}

bool slot_is_null(const strata_backend_api& table, const Slot& slot) {
  void* pointer = nullptr;
  std::memcpy(&pointer, reinterpret_cast<const std::byte*>(&table) + slot.offset, sizeof pointer);
  return pointer == nullptr;
}

std::string list(const std::vector<const Slot*>& slots) {
  std::string out;
  for (const Slot* slot : slots) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} (ABI {})", slot->name, slot->since);
  }
  return out;
}

// Why the required slots are not all there, or "" when they are.
std::string missing_slots(const strata_backend_api& original, const strata_backend_api& copy) {
  std::vector<const Slot*> beyond, null;
  for (const Slot& slot : kSlots) {
    if (!slot.required) continue;
    if (slot.offset + sizeof(void*) > original.struct_size) {
      beyond.push_back(&slot);
    } else if (slot_is_null(copy, slot)) {
      null.push_back(&slot);
    }
  }
  std::string out;
  if (!beyond.empty()) {
    out = fmt::format("struct_size {} (table says ABI {}.{}) ends before required slot{} {}",
                      original.struct_size, original.abi_major, original.abi_minor,
                      beyond.size() > 1 ? "s" : "", list(beyond));
  }
  if (!null.empty()) {
    out += fmt::format("{}required slot{} {} {} NULL", out.empty() ? "" : "; ",
                       null.size() > 1 ? "s" : "", list(null), null.size() > 1 ? "are" : "is");
  }
  return out;
}

}  // namespace

std::variant<strata_backend_api, std::string> validate_table(const strata_backend_api& table) {
  if (table.abi_major != STRATA_ABI_MAJOR) {
    return fmt::format("ABI major {}, expected {}", table.abi_major, STRATA_ABI_MAJOR);
  }
  strata_backend_api copy = host_copy(table);
  if (std::string missing = missing_slots(table, copy); !missing.empty()) {
    return "incomplete table: " + missing;
  }
  return copy;
}

}  // namespace strata::runtime
