#pragma once
// The functional reference backend of the firmware HAL: the same register banks and sensor
// control as the SoC, the reference pipeline instead of the SystemC blocks, and no timing beyond
// frame order. Hardware events happen when the firmware waits for an interrupt: a frame the read
// DMA was started on, or else the sensor's next frame starts (FRAME_START); then the whole frame
// is processed at once (FRAME_DONE or errors).
#include <memory>
#include <optional>
#include <vector>

#include "firmware/hal.hpp"
#include "model/hw/soc_config.hpp"
#include "model/memory/paged_memory.hpp"
#include "model/params/read_dma_params.hpp"
#include "model/reference/reference_pipeline.hpp"
#include "model/regmap/register_bank.hpp"
#include "sensor_sim/fixed_pattern.hpp"
#include "sensor_sim/sensor_control.hpp"

namespace ispsim::platform {

class ReferencePlatform : public fw::Hal {
 public:
  // `scene`: what the sensor sees; nullptr: no sensor on the CCI bus (reprocessing raws only).
  ReferencePlatform(const hw::SocConfig& config, const sensor::Scene* scene,
                    const sensor::SensorProfile& profile, uint64_t seed);

  uint32_t read32(uint32_t address) override;
  void write32(uint32_t address, uint32_t value) override;
  bool wait_irq(double timeout_us) override;
  void read_memory(uint64_t address, void* destination, size_t bytes) override;
  void write_memory(uint64_t address, const void* source, size_t bytes) override;
  double now_us() const override { return now_s_ * 1e6; }

  uint64_t bytes_read() const { return bytes_read_; }
  uint64_t bytes_written() const { return bytes_written_; }
  // Every exposure of the sensor's last frame as it sent them, longest first.
  const std::vector<Image16>& last_exposures() const { return exposures_; }
  // The ISP's settings as its active registers hold them now.
  IspParams isp_params() const {
    return decode_isp_params([this](uint32_t a) { return isp_.active(a); });
  }

 private:
  regmap::RegisterBank* bank_for(uint32_t address);
  bool irq_line() const;
  void raise(uint32_t bits) { irq_.raise(regs::irq::STATUS, bits); }
  void cci_transfer();
  void start_frame();
  void process_frame();
  void start_read_dma();
  void read_frame_from_memory();
  void develop(const Image16& isp_input, bool lines_arrive);
  void write_frame_to_memory(const Nv12Frame& frame);
  void write_statistics_to_memory(const std::vector<uint8_t>& bytes, uint64_t base);
  bool memory_range_ok(uint64_t address, size_t bytes) const;
  // Writes in the DMAs' bursts, as the SoC's do; stops at the first burst outside memory and
  // returns its address (the bursts before it have landed).
  std::optional<uint64_t> write_in_bursts(uint64_t address, const uint8_t* bytes, size_t length);
  // The DMAs' burst walk over [address, address + length): transfer(memory offset, burst bytes,
  // bytes done) per burst, stopping at the first burst outside memory (returned).
  template <typename Transfer>
  std::optional<uint64_t> in_bursts(uint64_t address, size_t length, Transfer&& transfer);

  hw::SocConfig config_;
  const sensor::Scene* scene_;
  const sensor::SensorProfile& profile_;
  uint64_t seed_;
  sensor::SensorControl sensor_;
  regmap::RegisterBank isp_, dma_, csi2rx_, cci_, irq_, rdma_;
  std::optional<ReadDmaParams> pending_read_;  // the read DMA was started: its frame comes next
  PagedMemory memory_;                         // pages allocated on first write
  bool receiver_takes(int exposures) const;
  int receiver_channels() const;

  bool in_frame_ = false;
  sensor::FrameSetup frame_;
  sensor::FixedPatternCache fixed_pattern_;
  sensor::RenderOptions render_options_;
  ReferencePipeline pipeline_;  // row bands on every core, buffers kept across frames
  Nv12Frame processed_;
  double frame_start_s_ = 0.0;
  double now_s_ = 0.0;
  std::vector<Image16> exposures_{1};
  uint64_t bytes_read_ = 0, bytes_written_ = 0;
};

}  // namespace ispsim::platform
