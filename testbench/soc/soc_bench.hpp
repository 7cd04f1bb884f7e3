#pragma once
// A SoC with a sensor bound to it, for firmware written inline in a test, and the firmware's
// view of a sensor mode.
#include <memory>
#include <string>

#include "firmware/sensor_driver.hpp"
#include "model/hw/soc_top.hpp"
#include "sensor_sim/hw/sensor_module.hpp"
#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::test {

struct SocBench {
  explicit SocBench(const std::string& scene_name = "flat",
                    const sensor::SensorProfile& sensor_profile = {}, uint64_t seed = 1)
      : scene(sensor::make_scene(scene_name)),
        profile(sensor_profile),
        soc("soc", hw::SocConfig{}),
        sensor("sensor", *scene, profile, seed, soc.trace) {
    sensor.csi2_out.bind(soc.csi2rx.from_sensor);
    soc.cci.connect(sensor);
  }
  std::unique_ptr<sensor::Scene> scene;
  sensor::SensorProfile profile;
  hw::SocTop soc;
  sensor::SensorModule sensor;
};

}  // namespace ispsim::test
