#pragma once
// The sensor's CCI register map and what it means: validation of written values (NACK as the
// register map says), shadowed exposure/gain/size that take effect at the next frame start, and
// the decoded settings the pixel array renders with.
#include <cstdint>

#include "model/hw/cci_slave.hpp"
#include "model/regmap/register_bank.hpp"
#include "sensor_sim/pixel_array.hpp"

namespace ispsim::sensor {

class SensorControl : public hw::CciSlave {
 public:
  explicit SensorControl(const SensorProfile& profile);
  bool cci_write(uint16_t address, uint16_t value) override;
  bool cci_read(uint16_t address, uint16_t& value) override;

  bool streaming() const;
  // Frame start: commits shadowed registers and returns the settings for this frame.
  SensorSettings begin_frame();
  double line_time_s() const;      // active LINE_LENGTH_PCK / pixel clock
  int frame_length_lines() const;  // active, at least height + 8
  uint32_t frame_index() const { return frame_index_; }
  void end_frame() { ++frame_index_; }

 private:
  const SensorProfile& profile_;
  regmap::RegisterBank bank_;
  uint32_t frame_index_ = 0;
};

}  // namespace ispsim::sensor
