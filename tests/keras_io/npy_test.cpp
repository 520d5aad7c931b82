// .npy reading and writing: round trips for every dtype, the exact bytes NumPy writes, files
// NumPy wrote (when /usr/bin/python3 has NumPy), and malformed files.
#include <gtest/gtest.h>

#include <bit>
#include <cstdlib>

#include "io_test_support.hpp"
#include "strata/keras/npy.hpp"
#include "strata/op_error.hpp"

namespace strata {
namespace {

using io_testing::expect_io_error;
using io_testing::expect_mentions;
using io_testing::little_endian;

// A .npy file as NumPy's format 1.0 lays it out: magic, version, header length, dict padded
// with spaces to a multiple of 64 bytes, newline, data.
std::string npy_file(std::string_view dict, std::string_view data, char major = 1) {
  const std::size_t length_size = major == 1 ? 2 : 4;
  std::string padded(dict);
  padded.append((64 - (8 + length_size + padded.size() + 1) % 64) % 64, ' ');
  padded.push_back('\n');
  return std::string("\x93NUMPY", 6) + major + '\0' +
         little_endian(padded.size(), static_cast<int>(length_size)) + padded + std::string(data);
}

template <typename T>
std::string raw(std::initializer_list<T> values) {
  std::string out;
  for (T v : values) out.append(reinterpret_cast<const char*>(&v), sizeof v);
  return out;
}

class NpyTest : public ::testing::Test {
 protected:
  std::filesystem::path write(std::string_view name, std::string_view bytes) {
    const auto file = folder_ / name;
    io_testing::write_file(file, bytes);
    return file;
  }
  io_testing::ScratchFolder folder_;
};

template <typename T>
void expect_round_trip(const std::filesystem::path& file, std::vector<T> values,
                       const Shape& shape) {
  const Tensor original = Tensor::from(values, shape);
  save_npy(file, original);
  const Tensor loaded = load_npy(file);
  EXPECT_EQ(loaded.dtype(), original.dtype());
  EXPECT_EQ(loaded.shape(), shape);
  EXPECT_EQ(loaded.to_vector<T>(), values);
}

TEST_F(NpyTest, RoundTripsEveryDtypeBitForBit) {
  expect_round_trip<float>(folder_ / "f32.npy", {1.5f, -0.0f, 3.4e38f, 1e-45f, 7, 8}, {2, 3});
  expect_round_trip<double>(folder_ / "f64.npy", {0.1, -1e300}, {2});
  expect_round_trip<int32_t>(folder_ / "i32.npy", {-2147483647 - 1, 5, 7, 2147483647}, {2, 1, 2});
  expect_round_trip<int64_t>(folder_ / "i64.npy", {int64_t(1) << 62, -3}, {1, 2});
  expect_round_trip<uint8_t>(folder_ / "u8.npy", {0, 255, 128}, {3});
  expect_round_trip<float>(folder_ / "scalar.npy", {42.0f}, {});
  expect_round_trip<float>(folder_ / "empty.npy", {}, {0, 4});
}

TEST_F(NpyTest, Float16KeepsItsBits) {
  const Tensor halves = Tensor::from<float>({1.0f, -2.5f, 65504.0f}, {3}, DType::float16);
  save_npy(folder_ / "f16.npy", halves);
  const std::string bytes = io_testing::read_file(folder_ / "f16.npy");
  // IEEE half precision: 1.0 = 0x3C00, -2.5 = 0xC100, 65504 = 0x7BFF, little-endian.
  EXPECT_EQ(bytes.substr(bytes.size() - 6), std::string("\x00\x3c\x00\xc1\xff\x7b", 6));
  const Tensor loaded = load_npy(folder_ / "f16.npy");
  EXPECT_EQ(loaded.dtype(), DType::float16);
  EXPECT_EQ(loaded.to_vector<float>(), (std::vector<float>{1.0f, -2.5f, 65504.0f}));
}

TEST_F(NpyTest, WritesTheBytesNumPyWrites) {
  save_npy(folder_ / "x.npy", Tensor::from<float>({1, 2, 3, 4, 5, 6}, {2, 3}));
  // np.save("x.npy", np.arange(1, 7, dtype=np.float32).reshape(2, 3)): header length 118
  // ('v'), so the data starts at byte 128.
  const std::string expected = std::string("\x93NUMPY\x01\x00v\x00", 10) +
                               "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" +
                               std::string(58, ' ') + "\n" + raw<float>({1, 2, 3, 4, 5, 6});
  EXPECT_EQ(io_testing::read_file(folder_ / "x.npy"), expected);

  save_npy(folder_ / "v.npy", Tensor::from<int64_t>({7}, {1}));
  EXPECT_NE(io_testing::read_file(folder_ / "v.npy")
                .find("'descr': '<i8', 'fortran_order': "
                      "False, 'shape': (1,), }"),
            std::string::npos);
  save_npy(folder_ / "u.npy", Tensor::from<uint8_t>({7}, {}));
  EXPECT_NE(io_testing::read_file(folder_ / "u.npy")
                .find("'descr': '|u1', 'fortran_order': "
                      "False, 'shape': (), }"),
            std::string::npos);
}

TEST_F(NpyTest, ReadsHeaderVariantsNumPyAndOthersWrite) {
  // Keys in another order, double quotes, Python 2 longs, extra spaces, version 2.0.
  const auto file = write("v2.npy", npy_file("{ \"shape\" : (2L,2L) , 'fortran_order':False,"
                                             "'descr':'<i4' }",
                                             raw<int32_t>({1, 2, 3, 4}), 2));
  const Tensor t = load_npy(file);
  EXPECT_EQ(t.shape(), (Shape{2, 2}));
  EXPECT_EQ(t.to_vector<int32_t>(), (std::vector<int32_t>{1, 2, 3, 4}));
}

TEST_F(NpyTest, BoolReadsAsUint8) {
  const auto file = write("b.npy", npy_file("{'descr': '|b1', 'fortran_order': False, "
                                            "'shape': (3,), }",
                                            std::string("\x01\x00\x01", 3)));
  const Tensor t = load_npy(file);
  EXPECT_EQ(t.dtype(), DType::uint8);
  EXPECT_EQ(t.to_vector<uint8_t>(), (std::vector<uint8_t>{1, 0, 1}));
}

TEST_F(NpyTest, BigEndianIsSwapped) {
  std::string data;
  for (float v : {1.5f, -2.0f}) {
    const auto bits = std::bit_cast<uint32_t>(v);
    data += io_testing::big_endian(bits, 4);
  }
  const auto file = write("be.npy", npy_file("{'descr': '>f4', 'fortran_order': False, "
                                             "'shape': (2,), }",
                                             data));
  EXPECT_EQ(load_npy(file).to_vector<float>(), (std::vector<float>{1.5f, -2.0f}));
}

TEST_F(NpyTest, FortranOrderIsTransposedToRowMajor) {
  // [[1, 2, 3], [4, 5, 6]] stored column by column.
  const auto file = write("f.npy", npy_file("{'descr': '<f8', 'fortran_order': True, "
                                            "'shape': (2, 3), }",
                                            raw<double>({1, 4, 2, 5, 3, 6})));
  const Tensor t = load_npy(file);
  EXPECT_EQ(t.shape(), (Shape{2, 3}));
  EXPECT_EQ(t.to_vector<double>(), (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

struct Malformed {
  const char* name;
  std::string bytes;
  std::vector<std::string_view> mentions;
};

TEST_F(NpyTest, MalformedFilesNameTheByteAndWhatWasExpected) {
  const std::string f4 = raw<float>({1, 2});
  const std::vector<Malformed> cases = {
      {"empty", "", {"not a .npy file"}},
      {"magic", "\x93NUMPX\x01\x00", {"not a .npy file", "\\x93NUMPY"}},
      {"preamble", std::string("\x93NUMPY\x01", 7), {"truncated", "byte 7", "preamble"}},
      {"version", std::string("\x93NUMPY\x04\x00\x10\x00", 10), {"version 4.0", "byte 6"}},
      {"header cut",
       npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", "").substr(0, 40),
       {"truncated", "ends at byte 40", "runs to byte 128"}},
      {"no brace", npy_file("'descr': '<f4'}", f4), {"byte 10", "expected '{'"}},
      {"missing key",
       npy_file("{'descr': '<f4', 'shape': (2,), }", f4),
       {"expected the key 'fortran_order'"}},
      {"unknown key",
       npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), "
                "'extra': 1}",
                f4),
       {"found the key 'extra'", "byte 66"}},
      {"duplicate key",
       npy_file("{'descr': '<f4', 'descr': '<f4'}", f4),
       {"each once", "found the key 'descr'"}},
      {"bad size",
       npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", f4),
       {"byte 64", "non-negative whole number", "found 'x), }"}},
      {"bad bool",
       npy_file("{'descr': '<f4', 'fortran_order': no, 'shape': (2,), }", f4),
       {"True or False"}},
      {"open string", npy_file("{'descr: <f4}", f4), {"closing '"}},
      {"junk after",
       npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x", f4),
       {"only spaces and a newline after the dict"}},
      {"object",
       npy_file("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", f4),
       {"'|O'", "not a plain array type"}},
      {"complex",
       npy_file("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", f4),
       {"'<c8' is not supported", "float16/32/64"}},
      {"short data",
       npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", f4),
       {"truncated", "ends at byte 136", "needs 12 bytes from byte 128"}},
      {"long data",
       npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", f4),
       {"4 unexpected bytes", "from byte 132"}},
      {"overflow",
       npy_file("{'descr': '<f8', 'fortran_order': False, 'shape': "
                "(4294967296, 4294967296), }",
                f4),
       {"over 2^64"}},
  };
  for (const Malformed& c : cases) {
    SCOPED_TRACE(c.name);
    const auto file = write(fmt::format("{}.npy", c.name), c.bytes);
    const IOError error = expect_io_error([&] { load_npy(file); });
    EXPECT_EQ(error.file(), file);
    EXPECT_NE(std::string_view(error.what()).find(file.string()), std::string_view::npos);
    for (std::string_view part : c.mentions) expect_mentions(error.what(), {part});
  }
}

TEST_F(NpyTest, MissingFileIsNamed) {
  const auto file = folder_ / "nothing.npy";
  expect_mentions(expect_io_error([&] { load_npy(file); }).what(),
                  {file.string(), "no such .npy file"});
}

TEST_F(NpyTest, FailedSaveKeepsThePreviousFileAndLeavesNoTemporaryFile) {
  const auto file = folder_ / "keep.npy";
  save_npy(file, Tensor::from<float>({1, 2}, {2}));
  const std::string before = io_testing::read_file(file);
  EXPECT_THROW(save_npy(file, Tensor::from<float>({1}, {1}, DType::bfloat16)), DTypeError);
  const IOError error =
      expect_io_error([&] { save_npy(file / "inside.npy", Tensor::from<float>({3}, {1})); });
  expect_mentions(error.what(), {"cannot save", "unchanged"});
  EXPECT_EQ(io_testing::read_file(file), before);
  EXPECT_EQ(folder_.listing(), (std::vector<std::string>{"keep.npy"}));
}

TEST_F(NpyTest, ExchangesFilesWithNumPy) {
  if (std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "/usr/bin/python3 cannot import numpy (apt-get install python3-numpy): "
                    "the exchange with NumPy itself is not checked";
  }
  save_npy(folder_ / "ours.npy", Tensor::from<int32_t>({1, -2, 3, 4, 5, 6}, {3, 2}));
  const std::string script = fmt::format(
      "import numpy as np\n"
      "a = np.load('{0}/ours.npy')\n"
      "assert a.dtype == np.int32 and a.shape == (3, 2) and a.tolist() == [[1, -2], [3, 4], [5, "
      "6]], a\n"
      "np.save('{0}/theirs.npy', np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4) "
      "/ 4))\n"
      "np.save('{0}/mask.npy', np.array([True, False, True]))\n",
      folder_.path().string());
  io_testing::write_file(folder_ / "exchange.py", script);
  ASSERT_EQ(
      std::system(fmt::format("/usr/bin/python3 {}/exchange.py", folder_.path().string()).c_str()),
      0);
  const Tensor theirs = load_npy(folder_ / "theirs.npy");
  EXPECT_EQ(theirs.shape(), (Shape{3, 4}));
  std::vector<double> expected;
  for (int i = 0; i < 12; ++i) expected.push_back(i / 4.0);
  EXPECT_EQ(theirs.to_vector<double>(), expected);
  EXPECT_EQ(load_npy(folder_ / "mask.npy").to_vector<uint8_t>(), (std::vector<uint8_t>{1, 0, 1}));
}

}  // namespace
}  // namespace strata
