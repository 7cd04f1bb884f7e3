#pragma once
// A scripted stand-in for the SoC behind fw::Hal, for firmware unit tests: registers in a map,
// a CCI controller answering from a sensor register file after 100 us, a sensor that streams
// frames (FRAME_START, then FRAME_DONE with an NV12 pattern written to memory), and faults to
// inject. Time advances only through register accesses and wait_irq.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "firmware/hal.hpp"

namespace ispsim::fw::testing {

class FakeSoc : public Hal {
 public:
  static constexpr double kCciTransferUs = 100.0;
  static constexpr double kAccessUs = 0.01;
  static constexpr double kStreamStartUs = 10.0;  // MODE_SELECT=1 to the first frame start
  static constexpr uint64_t kMemoryBase = 0x80000000u;

  explicit FakeSoc(size_t memory_bytes = 1 << 20);

  // Hal
  uint32_t read32(uint32_t address) override;
  void write32(uint32_t address, uint32_t value) override;
  bool wait_irq(double timeout_us) override;
  void read_memory(uint64_t address, void* destination, size_t bytes) override;
  void write_memory(uint64_t address, const void* source, size_t bytes) override;
  double now_us() const override { return now_us_; }

  // Scripting.
  void at(double time_us, std::function<void()> action) {
    events_.emplace(time_us, std::move(action));
  }
  void raise_irq(uint32_t bits) { regs_[irq_status()] |= bits; }
  uint32_t reg(uint32_t address) const;
  void set_reg(uint32_t address, uint32_t value) { regs_[address] = value; }
  // Values written to an address, in order.
  std::vector<uint32_t> writes_to(uint32_t address) const;

  std::map<uint16_t, uint16_t> sensor;  // CCI register file
  std::set<uint16_t> sensor_nacks;      // CCI registers whose writes are refused
  bool cci_responds = true;             // false: no CCI_DONE ever
  bool sensor_sends_frames = true;      // false: streams without ever starting a frame
  uint32_t error_in_first_frame = 0;    // irq error bits raised mid-way through frame 1
  bool sensor_streaming() const { return streaming_; }
  int frames_sent() const { return frames_sent_; }

  // The pattern frame `index` (0-based) carries.
  static uint8_t luma_pattern(int x, int y, int index) {
    return static_cast<uint8_t>(x + 3 * y + 50 * index);
  }
  static uint8_t chroma_pattern(int byte, int row, int index) {
    return static_cast<uint8_t>(7 * byte + row + 90 * index);
  }

 private:
  static uint32_t irq_status();
  void advance_to(double time_us);
  bool irq_line() const;
  void complete_cci(uint32_t ctrl);
  void start_frame();
  void end_frame(int index, bool dropped);
  double frame_time_us() const;

  double now_us_ = 0.0;
  std::map<uint32_t, uint32_t> regs_;
  std::vector<std::pair<uint32_t, uint32_t>> writes_;
  std::multimap<double, std::function<void()>> events_;
  std::vector<uint8_t> memory_;
  bool streaming_ = false;
  bool frame_running_ = false;
  int frames_sent_ = 0;
};

}  // namespace ispsim::fw::testing
