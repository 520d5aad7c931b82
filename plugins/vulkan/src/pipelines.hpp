// Compute pipelines, created on first use and cached for the instance's life. Every shader
// shares one pipeline layout (binding 0: parameters, 1..7: storage buffers), so dispatches
// differ only in pipeline and descriptor set. A pipeline is named by its shader variant and
// its specialization constants: constant 0 is the workgroup size, 1.. are the shader's own.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "device.hpp"

namespace strata_vk {

class Pipelines {
 public:
  explicit Pipelines(const Device& device);
  ~Pipelines();
  Pipelines(const Pipelines&) = delete;
  Pipelines& operator=(const Pipelines&) = delete;

  // The pipeline of shader variant `shader` with specialization constants `constants`
  // (constant k = constants[k]). Throws Failure(INTERNAL) for an unknown variant.
  VkPipeline get(std::string_view shader, const std::vector<uint32_t>& constants);

  VkPipelineLayout layout() const { return layout_; }
  VkDescriptorSetLayout set_layout() const { return set_layout_; }

 private:
  VkShaderModule module(std::string_view shader);

  const Device& device_;
  VkDescriptorSetLayout set_layout_ = VK_NULL_HANDLE;
  VkPipelineLayout layout_ = VK_NULL_HANDLE;
  VkPipelineCache cache_ = VK_NULL_HANDLE;
  std::map<std::string, VkShaderModule, std::less<>> modules_;
  std::map<std::pair<std::string, std::vector<uint32_t>>, VkPipeline> pipelines_;
};

}  // namespace strata_vk
