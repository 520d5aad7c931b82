// VkResult to ABI status: exhausted memory is OUT_OF_MEMORY, a lost device DEVICE_LOST,
// anything else INTERNAL; the message names the call that failed and the result.
#pragma once

#include <string_view>

#include "vulkan_api.hpp"

namespace strata_vk {

std::string_view result_name(VkResult result);

// Throws Failure unless `result` is VK_SUCCESS; `what` names the call ("vkAllocateMemory").
void check(VkResult result, std::string_view what);

}  // namespace strata_vk
