#include "sensor_sim/sensor_readout.hpp"

#include "model/kernels/csi2.hpp"
#include "sensor_sim/readout_modes.hpp"

namespace ispsim::sensor {

std::vector<Image16> render_exposures(const Scene& scene, const SensorProfile& profile,
                                      const FrameSetup& setup, uint64_t seed, uint32_t frame_index,
                                      const RenderOptions& options) {
  std::vector<Image16> exposures;
  for (int k = 0; k < setup.exposures; ++k) {
    SensorSettings settings = setup.settings;
    settings.exposure_s = setup.exposure_s[k];
    // A distinct temporal-noise stream per exposure (golden-ratio stride keeps them apart).
    const uint64_t exposure_seed = seed + static_cast<uint64_t>(k) * 0x9E3779B97F4A7C15ull;
    // The binned default keeps its historical path (X/Y_OUTPUT_SIZE scale the whole array).
    const bool binned_default = setup.mode == nullptr || setup.mode->register_code == 0;
    Image16 raw = binned_default ? render_raw_frame(scene, profile, settings, exposure_seed,
                                                    frame_index, options)
                                 : render_mode_frame(scene, profile, *setup.mode, settings,
                                                     exposure_seed, frame_index, options);
    const int bits = setup.mode ? mode_raw_format(profile, *setup.mode, settings).bits
                                : raw_format(profile, settings).bits;
    if (bits != setup.link_bits)
      for (auto& sample : raw.samples())
        sample = csi2::rescale_bits(sample, bits, setup.link_bits);
    exposures.push_back(std::move(raw));
  }
  return exposures;
}

std::vector<std::pair<int, int>> rows_in_slot(const FrameSetup& setup, int slot) {
  std::vector<std::pair<int, int>> rows;
  for (int k = 0; k < setup.exposures; ++k) {
    const int row = slot - setup.readout_offset_lines[k];
    if (row >= 0 && row < setup.settings.height) rows.emplace_back(k, row);
  }
  return rows;
}

}  // namespace ispsim::sensor
