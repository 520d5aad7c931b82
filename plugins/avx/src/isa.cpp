#include "isa.hpp"

#include "error.hpp"

namespace strata_avx {
namespace {

// The word of a setting's JSON text: "avx2" -> avx2; empty for anything but a JSON string.
std::string_view unquoted(std::string_view json) {
  while (!json.empty() && (json.front() == ' ' || json.front() == '\t')) json.remove_prefix(1);
  while (!json.empty() && (json.back() == ' ' || json.back() == '\t')) json.remove_suffix(1);
  if (json.size() < 2 || json.front() != '"' || json.back() != '"') return {};
  return json.substr(1, json.size() - 2);
}

// `shown` is the value as the user wrote it, for the message.
strata_error* parse(std::string_view where, std::string_view word, std::string_view shown, Isa best,
                    Isa* out) {
  if (word == "auto") {
    *out = best;
  } else if (word == "avx2") {
    *out = Isa::kAvx2;
  } else if (word == "avx512") {
    if (best != Isa::kAvx512) {
      return unsupported(
          "avx: {} asks for \"avx512\" but this machine (CPU or OS) cannot run AVX-512 kernels; "
          "use \"avx2\" or \"auto\"",
          where);
    }
    *out = Isa::kAvx512;
  } else {
    return invalid("avx: {} is {}; it must be \"auto\", \"avx2\" or \"avx512\"", where, shown);
  }
  return nullptr;
}

}  // namespace

std::string_view isa_name(Isa isa) {
  return isa == Isa::kAvx512 ? "avx512" : "avx2";
}

strata_error* choose_isa(Isa best, std::string_view requested, const char* env, Isa* out) {
  *out = best;
  if (env != nullptr && *env != '\0') return parse("STRATA_AVX_ISA", env, env, best, out);
  if (!requested.empty()) {
    return parse("setting \"isa\"", unquoted(requested), requested, best, out);
  }
  return nullptr;
}

}  // namespace strata_avx
