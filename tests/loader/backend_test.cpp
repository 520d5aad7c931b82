// The C++ layer over one plugin instance: buffers, errors as exceptions, NULL slots never
// called.
#include <gtest/gtest.h>

#include <array>
#include <cstring>

#include "loader_test_support.hpp"

namespace strata_test {
namespace {

namespace fs = std::filesystem;
using strata::Backend;
using strata::BackendError;
using strata::Buffer;

const strata::Plugin& plugin(std::string_view name) {
  const strata::Candidate fate = strata::load_plugin(test_plugin(name));
  if (fate.plugin == nullptr) throw std::runtime_error(fate.rejection);
  return *fate.plugin;
}

std::span<const std::byte> bytes_of(const std::string_view text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

std::string read_text(Backend& backend, const Buffer& buffer, uint64_t offset, size_t size) {
  std::string out(size, '\0');
  backend.read(buffer, offset, std::as_writable_bytes(std::span(out.data(), out.size())));
  return out;
}

strata_tensor f32_vector(strata_buffer* buffer, int64_t n) {
  strata_tensor t{};
  t.struct_size = sizeof t;
  t.dtype = STRATA_F32;
  t.rank = 1;
  t.shape[0] = n;
  t.strides[0] = 1;
  t.buffer = buffer;
  return t;
}

TEST(Backend, BuffersRoundTripThroughACPlugin) {
  Backend backend(plugin("optional"));
  EXPECT_EQ(backend.name(), "optional");
  Buffer a = backend.alloc(16);
  Buffer b = backend.alloc(16);
  EXPECT_EQ(a.size(), 16u);
  backend.write(a, 0, bytes_of("0123456789abcdef"));
  backend.copy(a, 4, b, 0, 8);
  EXPECT_EQ(read_text(backend, b, 0, 8), "456789ab");
  backend.synchronize();
}

TEST(Backend, NullOptionalSlotsAreNeverCalled) {
  Backend backend(plugin("optional"));
  Buffer a = backend.alloc(4);
  EXPECT_EQ(backend.map(a), nullptr);   // no buffer_map: not host-addressable
  EXPECT_EQ(backend.num_threads(), 0);  // no get_num_threads: "does not say"
}

TEST(Backend, PluginErrorsBecomeBackendErrors) {
  Backend backend(plugin("optional"));
  Buffer a = backend.alloc(4);
  try {
    read_text(backend, a, 2, 8);
    FAIL() << "expected BackendError";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), STRATA_INVALID_ARGUMENT);
    EXPECT_EQ(e.plugin(), "optional");
    EXPECT_EQ(e.context(), "buffer_read");
    EXPECT_EQ(e.plugin_message(), "buffer_read: test range check failed");
    EXPECT_STREQ(e.what(), "optional backend: buffer_read: test range check failed");
  }
}

TEST(Backend, UnsupportedOpIsAReasonFromSupportsAndAnErrorFromExecute) {
  Backend backend(plugin("optional"));
  Buffer out = backend.alloc(16);
  const strata_tensor t = f32_vector(out.handle(), 4);
  const strata_tensor* outputs[] = {&t};
  strata_fill_params params{sizeof(strata_fill_params), 1.0};
  strata_op_call call{sizeof(strata_op_call), STRATA_OP_FILL, 0, &params, nullptr, 0, outputs, 1};
  EXPECT_EQ(backend.supports(call), "test: this plugin runs no ops");
  try {
    backend.execute(call);
    FAIL() << "expected BackendError";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), STRATA_UNSUPPORTED);
    EXPECT_STREQ(e.what(), "optional backend: fill: test: this plugin runs no ops");
  }
}

TEST(Backend, BuffersAreMoveOnlyAndFreedOnce) {
  Backend backend(plugin("optional"));
  Buffer a = backend.alloc(8);
  strata_buffer* handle = a.handle();
  Buffer b = std::move(a);
  EXPECT_FALSE(a);
  EXPECT_EQ(b.handle(), handle);
  b = backend.alloc(4);  // frees the first block
  EXPECT_EQ(b.size(), 4u);
  backend.free(b);
  EXPECT_FALSE(b);
  EXPECT_EQ(b.size(), 0u);
  static_assert(!std::is_copy_constructible_v<Buffer>);
  static_assert(!std::is_copy_constructible_v<Backend>);
}

TEST(Backend, BufferMayOutliveItsBackend) {
  Buffer survivor;
  {
    Backend backend(plugin("optional"));
    survivor = backend.alloc(8);
  }
  EXPECT_TRUE(survivor);
  survivor.reset();  // frees through the instance, which is still alive for it
}

TEST(Backend, ForeignOrEmptyBuffersAreRefusedBeforeReachingThePlugin) {
  Backend one(plugin("optional"));
  Backend two(plugin("optional"));
  Buffer theirs = two.alloc(4);
  EXPECT_THROW(one.write(theirs, 0, bytes_of("abcd")), strata::Error);
  Buffer empty;
  try {
    one.write(empty, 0, bytes_of("abcd"));
    FAIL() << "expected Error";
  } catch (const strata::Error& e) {
    EXPECT_STREQ(e.what(),
                 "optional backend: buffer_write: the buffer is empty (moved from or "
                 "freed)");
  }
}

TEST(Backend, MovedBackendKeepsWorking) {
  Backend first(plugin("optional"));
  Buffer a = first.alloc(4);
  Backend second = std::move(first);
  second.write(a, 0, bytes_of("wxyz"));
  EXPECT_EQ(read_text(second, a, 0, 4), "wxyz");
}

#ifdef STRATA_TEST_REFERENCE_PLUGIN

strata::Selection reference() {
  return strata::select_backend(request("reference"), strata::make_search_path(""));
}

TEST(ReferenceBackend, FoundByNameInTheBuildFolder) {
  const strata::Selection chosen = reference();
  EXPECT_EQ(chosen.backend.name(), "reference");
  EXPECT_EQ(chosen.backend.plugin().file(), fs::canonical(STRATA_TEST_REFERENCE_PLUGIN));
  EXPECT_EQ(chosen.backend.info().score, 10);
}

TEST(ReferenceBackend, OutOfRangeReadCarriesThePluginsMessage) {
  Backend backend = reference().backend;
  Buffer a = backend.alloc(4);
  try {
    read_text(backend, a, 0, 8);
    FAIL() << "expected BackendError";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), STRATA_INVALID_ARGUMENT);
    EXPECT_EQ(e.plugin(), "reference");
    EXPECT_EQ(e.plugin_message(), "buffer_read: bytes [0, 8) are outside the 4-byte buffer");
    // The plugin already named the slot, so it is not repeated.
    EXPECT_STREQ(e.what(),
                 "reference backend: buffer_read: bytes [0, 8) are outside the 4-byte buffer");
  }
}

TEST(ReferenceBackend, MapsHostMemory) {
  Backend backend = reference().backend;
  Buffer a = backend.alloc(4);
  backend.write(a, 0, bytes_of("abcd"));
  backend.synchronize();
  const void* p = backend.map(a);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(std::memcmp(p, "abcd", 4), 0);
  EXPECT_EQ(backend.num_threads(), 1);
}

TEST(ReferenceBackend, RefusedSettingIsAnInitFailure) {
  const boost::json::object settings{{"devcie", 0}};
  strata::BackendRequest r = request("reference");
  r.settings_for = [&](std::string_view) { return &settings; };
  try {
    strata::select_backend(r, strata::make_search_path(""));
    FAIL() << "expected BackendNotFound";
  } catch (const strata::BackendNotFound& e) {
    EXPECT_TRUE(
        e.tried()[0].rejection.starts_with("init failed: reference: unknown setting 'devcie'"))
        << e.tried()[0].rejection;
  }
}

// The one op this suite runs: FILL must work end to end through the C++ layer.
TEST(ReferenceBackend, FillSmoke) {
  Backend backend = reference().backend;
  Buffer out = backend.alloc(4 * sizeof(float));
  const strata_tensor t = f32_vector(out.handle(), 4);
  const strata_tensor* outputs[] = {&t};
  strata_fill_params params{sizeof(strata_fill_params), 2.5};
  strata_op_call call{sizeof(strata_op_call), STRATA_OP_FILL, 0, &params, nullptr, 0, outputs, 1};
  EXPECT_EQ(backend.supports(call), std::nullopt);
  backend.execute(call);
  std::array<float, 4> values{};
  backend.read(out, 0, std::as_writable_bytes(std::span(values)));
  EXPECT_EQ(values, (std::array<float, 4>{2.5f, 2.5f, 2.5f, 2.5f}));
}

#endif

}  // namespace
}  // namespace strata_test
