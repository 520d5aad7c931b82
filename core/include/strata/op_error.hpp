// strata/op_error.hpp: what tensor operations throw when their input is wrong.
//
// Every op checks shapes, dtypes and parameters on the host before a backend sees the call,
// and throws one of these. Messages start with the op's name and quote the shapes involved:
//   "add: cannot broadcast (32,10) with (32,5)"
//   "matmul: a is (3,4), b is (5,6): inner dimensions 4 and 5 differ"
// Shapes are written as tuples without spaces, "(2,3)", "(5,)" and "()" for a scalar.
#pragma once

#include "strata/error.hpp"

namespace strata {

// Shapes that do not fit together, an axis out of range, a rank the op cannot take.
class ShapeError : public Error {
 public:
  using Error::Error;
};

// A dtype the op does not take, or two operands whose dtypes differ.
class DTypeError : public Error {
 public:
  using Error::Error;
};

// A parameter out of its range (a stride of 0, a probability above 1), or a tensor used where
// it cannot be (an undefined Tensor, operands from two different contexts).
class ValueError : public Error {
 public:
  using Error::Error;
};

// Neither the active backend nor the reference fallback can run a well-formed op. The
// reference backend runs every op on every dtype, so this means the fallback could not be
// loaded; the message names the op, the dtypes, both backends and each one's reason.
class UnsupportedError : public Error {
 public:
  using Error::Error;
};

}  // namespace strata
