#include "dtypes.hpp"

#include "error.hpp"

namespace strata_vk {

std::string_view kind_token(strata_dtype dtype) {
  return dtype_name(dtype);
}

std::string_view raw_token(strata_dtype dtype) {
  switch (dtype_size(dtype)) {
    case 1:
      return "b1";
    case 2:
      return "b2";
    case 8:
      return "b8";
    default:
      return "b4";
  }
}

void require_dtype(const DeviceFeatures& f, strata_dtype dtype, DtypeUse use, std::string_view op) {
  const char* missing = nullptr;
  switch (dtype) {
    case STRATA_F16:
    case STRATA_BF16:
      if (!f.storage16) missing = "storageBuffer16BitAccess";
      break;
    case STRATA_U8:
      if (!f.storage8) missing = "storageBuffer8BitAccess";
      break;
    case STRATA_I64:
      if (use == DtypeUse::kCompute && !f.int64) missing = "shaderInt64";
      break;
    case STRATA_F64:
      if (use == DtypeUse::kCompute) {
        unsupported(
            "{}: f64 arithmetic is not implemented by the vulkan backend (it moves f64 "
            "data only); the host runs this op on the reference backend",
            op);
      }
      break;
    default:
      break;
  }
  if (missing != nullptr) {
    unsupported("{}: {} needs the device feature {}, which this device lacks", op,
                dtype_name(dtype), missing);
  }
}

void require_int64_for_integer_sums(const DeviceFeatures& f, strata_dtype dtype,
                                    std::string_view op) {
  if (is_integer(dtype) && !f.int64) {
    unsupported("{}: exact {} sums need the device feature shaderInt64, which this device lacks",
                op, dtype_name(dtype));
  }
}

}  // namespace strata_vk
