#include "pipelines.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <unordered_map>

#include "error.hpp"
#include "shader_binaries.hpp"
#include "shader_params.hpp"
#include "vk_result.hpp"

namespace strata_vk {
namespace {

const ShaderBinary* find_binary(std::string_view name) {
  static const std::unordered_map<std::string_view, const ShaderBinary*> index = [] {
    std::unordered_map<std::string_view, const ShaderBinary*> map;
    for (size_t i = 0; i < kNumShaderBinaries; ++i) {
      map.emplace(kShaderBinaries[i].name, &kShaderBinaries[i]);
    }
    return map;
  }();
  auto it = index.find(name);
  return it == index.end() ? nullptr : it->second;
}

std::string statistic_text(const VkPipelineExecutableStatisticKHR& s) {
  switch (s.format) {
    case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_BOOL32_KHR:
      return s.value.b32 == VK_TRUE ? "true" : "false";
    case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_INT64_KHR:
      return fmt::format("{}", s.value.i64);
    case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_UINT64_KHR:
      return fmt::format("{}", s.value.u64);
    case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_FLOAT64_KHR:
      return fmt::format("{}", s.value.f64);
    default:
      return "?";
  }
}

// One line per executable of `pipeline` on stderr: the driver's statistics for it (registers,
// spills, shared memory... whatever it reports), for tuning shaders.
void print_statistics(const Device& device, VkPipeline pipeline, std::string_view shader) {
  const DeviceFunctions& vk = device.vk();
  auto info = make_struct<VkPipelineInfoKHR>(VK_STRUCTURE_TYPE_PIPELINE_INFO_KHR);
  info.pipeline = pipeline;
  uint32_t count = 0;
  vk.vkGetPipelineExecutablePropertiesKHR(device.handle(), &info, &count, nullptr);
  for (uint32_t e = 0; e < count; ++e) {
    auto executable =
        make_struct<VkPipelineExecutableInfoKHR>(VK_STRUCTURE_TYPE_PIPELINE_EXECUTABLE_INFO_KHR);
    executable.pipeline = pipeline;
    executable.executableIndex = e;
    uint32_t n = 0;
    vk.vkGetPipelineExecutableStatisticsKHR(device.handle(), &executable, &n, nullptr);
    std::vector<VkPipelineExecutableStatisticKHR> stats(
        n, make_struct<VkPipelineExecutableStatisticKHR>(
               VK_STRUCTURE_TYPE_PIPELINE_EXECUTABLE_STATISTIC_KHR));
    vk.vkGetPipelineExecutableStatisticsKHR(device.handle(), &executable, &n, stats.data());
    std::string line = fmt::format("strata vulkan: pipeline {}:", shader);
    for (const VkPipelineExecutableStatisticKHR& st : stats) {
      line += fmt::format(" {}={};", st.name, statistic_text(st));
    }
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

}  // namespace

Pipelines::Pipelines(const Device& device) : device_(device) {
  const DeviceFunctions& vk = device.vk();
  std::array<VkDescriptorSetLayoutBinding, kNumBindings> bindings{};
  for (uint32_t b = 0; b < kNumBindings; ++b) {
    bindings[b].binding = b;
    bindings[b].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    bindings[b].descriptorCount = 1;
    bindings[b].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
  }
  auto set_info = make_struct<VkDescriptorSetLayoutCreateInfo>(
      VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO);
  set_info.bindingCount = kNumBindings;
  set_info.pBindings = bindings.data();
  check(vk.vkCreateDescriptorSetLayout(device.handle(), &set_info, nullptr, &set_layout_),
        "vkCreateDescriptorSetLayout");
  auto layout_info =
      make_struct<VkPipelineLayoutCreateInfo>(VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO);
  layout_info.setLayoutCount = 1;
  layout_info.pSetLayouts = &set_layout_;
  check(vk.vkCreatePipelineLayout(device.handle(), &layout_info, nullptr, &layout_),
        "vkCreatePipelineLayout");
  auto cache_info =
      make_struct<VkPipelineCacheCreateInfo>(VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO);
  check(vk.vkCreatePipelineCache(device.handle(), &cache_info, nullptr, &cache_),
        "vkCreatePipelineCache");
}

Pipelines::~Pipelines() {
  const DeviceFunctions& vk = device_.vk();
  for (auto& [key, pipeline] : pipelines_)
    vk.vkDestroyPipeline(device_.handle(), pipeline, nullptr);
  for (auto& [name, module] : modules_) vk.vkDestroyShaderModule(device_.handle(), module, nullptr);
  vk.vkDestroyPipelineCache(device_.handle(), cache_, nullptr);
  vk.vkDestroyPipelineLayout(device_.handle(), layout_, nullptr);
  vk.vkDestroyDescriptorSetLayout(device_.handle(), set_layout_, nullptr);
}

VkShaderModule Pipelines::module(std::string_view shader) {
  if (auto it = modules_.find(shader); it != modules_.end()) return it->second;
  const ShaderBinary* binary = find_binary(shader);
  if (binary == nullptr) fail(STRATA_INTERNAL, "vulkan: no shader variant named '{}'", shader);
  auto info = make_struct<VkShaderModuleCreateInfo>(VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO);
  info.codeSize = binary->word_count * sizeof(uint32_t);
  info.pCode = binary->words;
  VkShaderModule module = VK_NULL_HANDLE;
  check(device_.vk().vkCreateShaderModule(device_.handle(), &info, nullptr, &module),
        "vkCreateShaderModule");
  modules_.emplace(std::string(shader), module);
  return module;
}

VkPipeline Pipelines::get(std::string_view shader, const std::vector<uint32_t>& constants) {
  auto key = std::make_pair(std::string(shader), constants);
  if (auto it = pipelines_.find(key); it != pipelines_.end()) return it->second;

  std::vector<VkSpecializationMapEntry> entries(constants.size());
  for (uint32_t k = 0; k < constants.size(); ++k) {
    entries[k] = {k, k * static_cast<uint32_t>(sizeof(uint32_t)), sizeof(uint32_t)};
  }
  VkSpecializationInfo specialization{};
  specialization.mapEntryCount = static_cast<uint32_t>(entries.size());
  specialization.pMapEntries = entries.data();
  specialization.dataSize = constants.size() * sizeof(uint32_t);
  specialization.pData = constants.data();

  auto info =
      make_struct<VkComputePipelineCreateInfo>(VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO);
  info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
  info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  info.stage.module = module(shader);
  info.stage.pName = "main";
  info.stage.pSpecializationInfo = &specialization;
  info.layout = layout_;
  const bool statistics = device_.features().pipeline_statistics;
  if (statistics) info.flags = VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR;
  VkPipeline pipeline = VK_NULL_HANDLE;
  check(
      device_.vk().vkCreateComputePipelines(device_.handle(), cache_, 1, &info, nullptr, &pipeline),
      "vkCreateComputePipelines");
  if (statistics) print_statistics(device_, pipeline, shader);
  pipelines_.emplace(std::move(key), pipeline);
  return pipeline;
}

}  // namespace strata_vk
