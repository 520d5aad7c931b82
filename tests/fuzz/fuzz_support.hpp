// What every libFuzzer target shares: a private STRATA_HOME and the reference backend (set up
// once, in LLVMFuzzerInitialize), the input as a file for readers that take a path, and the
// rule that decides what counts as a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>

namespace strata_fuzz {

// Keeps the developer's config, STRATA_BACKEND and plugin folders out of the run: a fresh
// STRATA_HOME, removed at exit, and the reference backend, which has every op. Every target
// calls it first (LLVMFuzzerInitialize in fuzz_support.cpp).
void isolate();

// The fuzzer's input as bytes.
inline std::span<const std::byte> as_bytes(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const std::byte*>(data), size};
}

// Writes `bytes` to this process's scratch file (in the private STRATA_HOME) and returns its
// path; each call replaces the previous contents.
const std::filesystem::path& input_file(std::span<const std::byte> bytes);

// Runs `parse` on one input. Bad input must be rejected with a strata::Error whose message is
// not empty: that returns quietly. Anything else a parser throws (std::bad_alloc, a Boost
// exception, std::out_of_range...) escapes, and libFuzzer reports it as a crash; so does an
// empty message.
void expect_clean_rejection(const std::function<void()>& parse);

}  // namespace strata_fuzz
