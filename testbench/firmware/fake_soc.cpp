#include "testbench/firmware/fake_soc.hpp"

#include <cstring>
#include <memory>
#include <string>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw::testing {
namespace {

// Write-one-to-clear bits per register.
const std::map<uint32_t, uint32_t>& w1c_masks() {
  static const std::map<uint32_t, uint32_t> masks = {
      {regs::irq::STATUS, 0x7Fu},
      {regs::cci::STATUS, regs::cci::STATUS_NACK.mask()},
      {regs::dma::STATUS, regs::dma::STATUS_BUS_ERR.mask() | regs::dma::STATUS_CONFIG_ERR.mask()},
      {regs::csi2rx::STATUS, regs::csi2rx::STATUS_OVERFLOW.mask()},
      {regs::isp::STATUS, regs::isp::STATUS_SIZE_ERR.mask()},
  };
  return masks;
}

uint32_t increment_field(uint32_t value, regs::Field field) {
  return (value & ~field.mask()) | field(field.get(value) + 1);
}

}  // namespace

FakeSoc::FakeSoc(size_t memory_bytes) : memory_(memory_bytes, 0) {
  regs_[regs::isp::HW_CONFIG] =
      regs::isp::HW_CONFIG_PIXELS_PER_CLOCK(1) | regs::isp::HW_CONFIG_MAX_WIDTH(8192);
  // The sensor's registers at their reset values, from the one register description.
#define ISPSIM_BLOCK(block, base, size, bits, bus, title)
#define ISPSIM_REG(block, reg, offset, count, title)
#define ISPSIM_FIELD(block, reg, field, lsb, width, access, reset, format, timing, title) \
  if (std::string(#block) == "sensor")                                                    \
    sensor[static_cast<uint16_t>(regs::block::reg)] |= (reset) << (lsb);
#include "model/regmap/regmap.def"
#undef ISPSIM_BLOCK
#undef ISPSIM_REG
#undef ISPSIM_FIELD
}

uint32_t FakeSoc::irq_status() {
  return regs::irq::STATUS;
}

uint32_t FakeSoc::reg(uint32_t address) const {
  const auto found = regs_.find(address);
  return found == regs_.end() ? 0 : found->second;
}

std::vector<uint32_t> FakeSoc::writes_to(uint32_t address) const {
  std::vector<uint32_t> values;
  for (const auto& [written_address, value] : writes_)
    if (written_address == address) values.push_back(value);
  return values;
}

void FakeSoc::advance_to(double time_us) {
  while (!events_.empty() && events_.begin()->first <= time_us) {
    auto event = events_.begin();
    now_us_ = event->first;
    auto action = std::move(event->second);
    events_.erase(event);
    action();
  }
  now_us_ = time_us;
}

bool FakeSoc::irq_line() const {
  return (reg(regs::irq::STATUS) & reg(regs::irq::ENABLE)) != 0;
}

uint32_t FakeSoc::read32(uint32_t address) {
  advance_to(now_us_ + kAccessUs);
  return reg(address);
}

void FakeSoc::write32(uint32_t address, uint32_t value) {
  advance_to(now_us_ + kAccessUs);
  writes_.emplace_back(address, value);
  const auto w1c = w1c_masks().find(address);
  if (w1c != w1c_masks().end()) {
    regs_[address] &= ~(value & w1c->second);
    return;
  }
  if (address == regs::csi2rx::ERR_CLEAR) {
    regs_[regs::csi2rx::ECC_CORRECTED] = regs_[regs::csi2rx::ECC_ERRORS] =
        regs_[regs::csi2rx::CRC_ERRORS] = 0;
    return;
  }
  if (address == regs::cci::CTRL) {
    regs_[address] = value & regs::cci::CTRL_READ.mask();  // START reads 0
    if (regs::cci::CTRL_START.get(value) && cci_responds)
      at(now_us_ + kCciTransferUs, [this, value] { complete_cci(value); });
    return;
  }
  regs_[address] = value;
}

bool FakeSoc::wait_irq(double timeout_us) {
  const double deadline_us = now_us_ + timeout_us;
  for (;;) {
    if (irq_line()) return true;
    if (events_.empty() || events_.begin()->first > deadline_us) {
      now_us_ = deadline_us;
      return false;
    }
    advance_to(events_.begin()->first);
  }
}

void FakeSoc::read_memory(uint64_t address, void* destination, size_t bytes) {
  if (address < kMemoryBase || address - kMemoryBase + bytes > memory_.size())
    throw FirmwareError("fake memory: read outside memory at 0x" + std::to_string(address));
  std::memcpy(destination, memory_.data() + (address - kMemoryBase), bytes);
}

void FakeSoc::write_memory(uint64_t address, const void* source, size_t bytes) {
  if (address < kMemoryBase || address - kMemoryBase + bytes > memory_.size())
    throw FirmwareError("fake memory: write outside memory at 0x" + std::to_string(address));
  std::memcpy(memory_.data() + (address - kMemoryBase), source, bytes);
}

void FakeSoc::complete_cci(uint32_t ctrl) {
  const auto address = static_cast<uint16_t>(reg(regs::cci::ADDRESS));
  const auto known = sensor.find(address);
  bool ack = known != sensor.end();
  if (regs::cci::CTRL_READ.get(ctrl)) {
    regs_[regs::cci::RDATA] = ack ? known->second : 0;
  } else if (ack && address != regs::sensor::MODEL_ID && sensor_nacks.count(address) == 0) {
    const auto value = static_cast<uint16_t>(reg(regs::cci::WDATA));
    known->second = value;
    if (address == regs::sensor::MODE_SELECT) {
      const bool was_streaming = streaming_;
      streaming_ = value & 1;
      if (streaming_ && !was_streaming && !frame_running_ && sensor_sends_frames)
        at(now_us_ + kStreamStartUs, [this] {
          if (streaming_ && !frame_running_) start_frame();
        });
    }
  } else {
    ack = false;
  }
  if (!ack) regs_[regs::cci::STATUS] |= regs::cci::STATUS_NACK.mask();
  raise_irq(regs::irq_bit::kCciDone);
}

double FakeSoc::frame_time_us() const {
  return sensor.at(regs::sensor::FRAME_LENGTH_LINES) * sensor.at(regs::sensor::LINE_LENGTH_PCK) /
         480.0;
}

void FakeSoc::start_frame() {
  const int index = frames_sent_++;
  frame_running_ = true;
  regs_[regs::csi2rx::STATUS] =
      increment_field(reg(regs::csi2rx::STATUS), regs::csi2rx::STATUS_FRAME_COUNT);
  const bool dma_on = regs::dma::CTRL_ENABLE.get(reg(regs::dma::CTRL)) != 0;
  if (dma_on) regs_[regs::dma::STATUS] |= regs::dma::STATUS_BUSY.mask();
  raise_irq(regs::irq_bit::kFrameStart);
  const double start_us = now_us_, frame_us = frame_time_us();
  auto dropped = std::make_shared<bool>(!dma_on);
  if (index == 0 && error_in_first_frame != 0) {
    at(start_us + frame_us / 2, [this, dropped] {
      const uint32_t bits = error_in_first_frame;
      if (bits & regs::irq_bit::kDmaError) {
        regs_[regs::dma::STATUS] = (reg(regs::dma::STATUS) | regs::dma::STATUS_BUS_ERR.mask()) &
                                   ~regs::dma::STATUS_BUSY.mask();
        regs_[regs::dma::ERR_ADDR] = reg(regs::dma::Y_BASE) + 0x1000;
        *dropped = true;
      }
      if (bits & regs::irq_bit::kCsi2Error) regs_[regs::csi2rx::CRC_ERRORS] = 3;
      if (bits & regs::irq_bit::kRxOverflow)
        regs_[regs::csi2rx::STATUS] |= regs::csi2rx::STATUS_OVERFLOW.mask();
      if (bits & regs::irq_bit::kSizeError)
        regs_[regs::isp::STATUS] |= regs::isp::STATUS_SIZE_ERR.mask();
      raise_irq(bits);
    });
  }
  at(start_us + 0.9 * frame_us, [this, index, dropped] { end_frame(index, *dropped); });
  at(start_us + frame_us, [this] {
    frame_running_ = false;
    if (streaming_) start_frame();
  });
}

void FakeSoc::end_frame(int index, bool dropped) {
  regs_[regs::isp::STATUS] = increment_field(reg(regs::isp::STATUS), regs::isp::STATUS_FRAME_COUNT);
  if (dropped) return;
  const int width = sensor.at(regs::sensor::X_OUTPUT_SIZE);
  const int height = sensor.at(regs::sensor::Y_OUTPUT_SIZE);
  const uint32_t stride = reg(regs::dma::STRIDE) != 0 ? reg(regs::dma::STRIDE) : width;
  std::vector<uint8_t> line(width + 1);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x)
      line[x] = luma_pattern(x, y, index);
    write_memory(reg(regs::dma::Y_BASE) + uint64_t{stride} * y, line.data(), width);
  }
  const int chroma_bytes = 2 * ((width + 1) / 2);
  for (int row = 0; row < (height + 1) / 2; ++row) {
    for (int b = 0; b < chroma_bytes; ++b)
      line[b] = chroma_pattern(b, row, index);
    write_memory(reg(regs::dma::UV_BASE) + uint64_t{stride} * row, line.data(), chroma_bytes);
  }
  regs_[regs::dma::STATUS] &= ~regs::dma::STATUS_BUSY.mask();
  regs_[regs::dma::FRAME_BYTES] = width * height + chroma_bytes * ((height + 1) / 2);
  raise_irq(regs::irq_bit::kFrameDone);
}

}  // namespace ispsim::fw::testing
