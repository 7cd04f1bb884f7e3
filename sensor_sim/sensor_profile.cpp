#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::sensor {

SensorProfile imx989_binned_profile() {
  return SensorProfile{};
}

void update_derived_fields(SensorProfile& profile) {
  profile.electrons_per_second =
      photoelectrons_per_second(profile.pixel_pitch_um, profile.quantum_efficiency,
                                profile.optics.f_number, profile.optics.transmittance);
}

}  // namespace ispsim::sensor
