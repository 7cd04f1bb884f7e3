#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::sensor {

// Figures from the reference table (shared/reference/sensor-and-system.md): full resolution
// 24 fps at ~5.2 us per line; binned 4096 x 3072 30 fps; 3840 x 2160 30 fps; 1920 x 1080 120 fps;
// 1280 x 720 240 fps. Pixel clock 480 MHz as LINE_LENGTH_PCK's register description says.
// Line lengths and frame lengths chosen to give those rates: full resolution 2496 pck = 5.2 us
// per native row, 8013 rows -> 24.0 fps and 32 ms skew (table: ~5.1-5.3 us, ~32 ms); binned and
// 4K 5000 pck x 3200 lines -> 30.0 fps (the register reset values); 1080p reads the 2160 binned
// rows of the 4K window in 1800 pck (3.75 us) x 2222 -> 120.0 fps; 720p reads them in
// 922 pck x 2168 -> 240.1 fps.
std::vector<ReadoutMode> imx989_readout_modes() {
  using F = ModeFormation;
  constexpr double kPixelClockHz = 480e6;
  return {
      {"binned", 0, F::kBinned, 4096, 3072, 0, 0, 8192, 6144, 1, 5000, 3200, kPixelClockHz, 30},
      {"full", 1, F::kFullRemosaic, 8192, 6144, 0, 0, 8192, 6144, 1, 2496, 8013, kPixelClockHz, 24},
      {"full-quad", 2, F::kFullQuad, 8192, 6144, 0, 0, 8192, 6144, 1, 2496, 8013, kPixelClockHz,
       24},
      // 4K UHD: the central 7680 x 4320 native window (16:9), binned.
      {"4k", 3, F::kCropBinned, 3840, 2160, 256, 912, 7680, 4320, 1, 5000, 3200, kPixelClockHz, 30},
      {"1080p", 4, F::kCropBinnedScaled, 1920, 1080, 256, 912, 7680, 4320, 2, 1800, 2222,
       kPixelClockHz, 120},
      {"720p", 5, F::kCropBinnedScaled, 1280, 720, 256, 912, 7680, 4320, 3, 922, 2168,
       kPixelClockHz, 240},
  };
}

SensorProfile imx989_binned_profile() {
  return SensorProfile{};
}

void update_derived_fields(SensorProfile& profile) {
  profile.electrons_per_second =
      photoelectrons_per_second(profile.pixel_pitch_um, profile.quantum_efficiency,
                                profile.optics.f_number, profile.optics.transmittance);
}

}  // namespace ispsim::sensor
