#include "apps/system/reference_platform.hpp"

#include <optional>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "model/common/row_bands.hpp"
#include "model/kernels/csi2.hpp"
#include "model/params/dma_params.hpp"
#include "model/params/read_dma_params.hpp"
#include "sensor_sim/sensor_readout.hpp"

namespace ispsim::platform {

namespace {
std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%08llX", static_cast<unsigned long long>(value));
  return text;
}
}  // namespace

ReferencePlatform::ReferencePlatform(const hw::SocConfig& config, const sensor::Scene* scene,
                                     const sensor::SensorProfile& profile, uint64_t seed)
    : config_(config),
      scene_(scene),
      profile_(profile),
      seed_(seed),
      sensor_(profile),
      isp_(regmap::block("isp")),
      dma_(regmap::block("dma")),
      csi2rx_(regmap::block("csi2rx")),
      cci_(regmap::block("cci")),
      irq_(regmap::block("irq")),
      rdma_(regmap::block("rdma")),
      memory_(config.memory_bytes),
      pipeline_(host_threads()) {
  render_options_.threads = host_threads();
  render_options_.fixed_pattern_cache = &fixed_pattern_;
  hw::validate(config_);
  isp_.set_hardware(regs::isp::HW_CONFIG, regs::isp::HW_CONFIG_PIXELS_PER_CLOCK,
                    static_cast<uint32_t>(config.pixels_per_clock));
  isp_.set_hardware(regs::isp::HW_CONFIG, regs::isp::HW_CONFIG_MAX_WIDTH,
                    static_cast<uint32_t>(config.max_line_width));
  cci_.on_write(regs::cci::CTRL, [this](uint32_t, uint32_t value) {
    if (regs::cci::CTRL_START.get(value)) cci_transfer();
  });
  rdma_.on_write(regs::rdma::CTRL, [this](uint32_t, uint32_t value) {
    if (regs::rdma::CTRL_START.get(value)) start_read_dma();
  });
}

regmap::RegisterBank* ReferencePlatform::bank_for(uint32_t address) {
  for (auto* bank : {&isp_, &dma_, &csi2rx_, &cci_, &irq_, &rdma_})
    if (address - bank->block().base < bank->block().size) return bank;
  return nullptr;
}

uint32_t ReferencePlatform::read32(uint32_t address) {
  uint32_t value = 0;
  auto* bank = bank_for(address);
  if (bank == nullptr || bank->read(address, value) != regmap::BusStatus::kOk)
    throw fw::FirmwareError("bus error: read from " + hex(address) + " (address error)");
  return value;
}

void ReferencePlatform::write32(uint32_t address, uint32_t value) {
  auto* bank = bank_for(address);
  if (bank == nullptr || bank->write(address, value) != regmap::BusStatus::kOk)
    throw fw::FirmwareError("bus error: write to " + hex(address) + " (address error)");
}

void ReferencePlatform::cci_transfer() {
  namespace c = regs::cci;
  const auto address = static_cast<uint16_t>(cci_.active(c::ADDRESS, c::ADDRESS_ADDRESS));
  bool ack = false;  // with no sensor on the bus nothing acknowledges, as on the SoC
  const bool read = cci_.active(c::CTRL, c::CTRL_READ) != 0;
  if (scene_ != nullptr && read) {
    uint16_t value = 0;
    ack = sensor_.cci_read(address, value);
    cci_.set_hardware(c::RDATA, c::RDATA_VALUE, ack ? value : 0);
  } else if (scene_ != nullptr) {
    ack = sensor_.cci_write(address, static_cast<uint16_t>(cci_.active(c::WDATA, c::WDATA_VALUE)));
  }
  if (!ack) cci_.raise(c::STATUS, c::STATUS_NACK.mask());
  raise(regs::irq_bit::kCciDone);
}

bool ReferencePlatform::irq_line() const {
  return (irq_.active(regs::irq::STATUS) & irq_.active(regs::irq::ENABLE)) != 0;
}

bool ReferencePlatform::wait_irq(double timeout_us) {
  // Advance the hardware one event at a time until something the firmware enabled is pending,
  // or the timeout passes in hardware time (frames the receiver ignores take time too).
  const double deadline_s = now_s_ + timeout_us * 1e-6;
  while (!irq_line()) {
    if (pending_read_) {
      read_frame_from_memory();
      continue;
    }
    if (now_s_ >= deadline_s || (!in_frame_ && !sensor_.streaming())) {
      now_s_ = std::max(now_s_, deadline_s);
      return false;
    }
    if (in_frame_)
      process_frame();
    else
      start_frame();
  }
  return true;
}

bool ReferencePlatform::receiver_takes(int exposures) const {
  namespace rx = regs::csi2rx;
  const int virtual_channel = static_cast<int>(csi2rx_.active(rx::CTRL, rx::CTRL_VIRTUAL_CHANNEL));
  return csi2rx_.active(rx::CTRL, rx::CTRL_ENABLE) && virtual_channel < exposures;
}

int ReferencePlatform::receiver_channels() const {
  namespace rx = regs::csi2rx;
  return csi2::forwarded_channels(csi2rx_.active(rx::CTRL, rx::CTRL_CHANNELS));
}

void ReferencePlatform::start_frame() {
  namespace rx = regs::csi2rx;
  frame_ = sensor_.begin_frame();
  frame_start_s_ = std::max(now_s_, frame_start_s_);
  now_s_ = frame_start_s_;
  in_frame_ = true;
  if (!receiver_takes(frame_.exposures)) return;
  const uint32_t frames = csi2rx_.active(rx::STATUS, rx::STATUS_FRAME_COUNT);
  csi2rx_.set_hardware(rx::STATUS, rx::STATUS_FRAME_COUNT, (frames + 1) & 0xFFFF);
  raise(regs::irq_bit::kFrameStart);
}

void ReferencePlatform::process_frame() {
  in_frame_ = false;
  auto exposures = sensor::render_exposures(*scene_, profile_, frame_, seed_, sensor_.frame_index(),
                                            render_options_);
  sensor_.end_frame();
  const double line_time_s = sensor_.line_time_s();
  now_s_ = frame_start_s_ + frame_.readout_lines() * line_time_s;
  frame_start_s_ +=
      std::max(sensor_.frame_length_lines(), frame_.readout_lines() + 8) * line_time_s;
  if (!receiver_takes(frame_.exposures)) {
    exposures_ = std::move(exposures);
    return;
  }
  // The receiver takes its virtual channels' exposures and brings them to the ISP's 12 bits;
  // without its last channel's frame end the frame never ends.
  const int virtual_channel =
      static_cast<int>(csi2rx_.active(regs::csi2rx::CTRL, regs::csi2rx::CTRL_VIRTUAL_CHANNEL));
  const int channels = receiver_channels();
  const bool frame_ends = virtual_channel + channels <= frame_.exposures;
  const Image16 isp_input =
      frame_ends
          ? csi2::receiver_output(exposures, virtual_channel, channels, frame_.link_bits,
                                  csi2rx_.active(regs::csi2rx::CTRL, regs::csi2rx::CTRL_WIDE) != 0)
          : Image16{};
  exposures_ = std::move(exposures);  // kept as the sensor sent them, for metrics
  if (!frame_ends) return;
  // Lines of another data type than the receiver expects never reach the ISP.
  const bool lines_arrive = csi2rx_.active(regs::csi2rx::CTRL, regs::csi2rx::CTRL_DATA_TYPE) ==
                            csi2::raw_data_type(frame_.link_bits);
  develop(isp_input, lines_arrive);
}

// The read DMA's frame: its lines in its bursts, then the ISP as for a sensor's frame. A bus
// error stops it at the first burst outside memory: the ISP flags the short frame (the SoC's
// ISP also develops the lines it got; the reference, as for any mismatched frame, only flags).
void ReferencePlatform::read_frame_from_memory() {
  namespace rd = regs::rdma;
  const ReadDmaParams params = *pending_read_;
  pending_read_.reset();
  Image16 isp_input(params.width, params.height, 1);
  std::vector<uint8_t> line(params.line_bytes());
  for (int y = 0; y < params.height; ++y) {
    const auto failed = in_bursts(params.line_address(y), line.size(),
                                  [&](uint64_t offset, size_t burst, size_t done) {
                                    memory_.read(offset, line.data() + done, burst);
                                  });
    if (failed) {
      rdma_.raise(rd::STATUS, rd::STATUS_BUS_ERR.mask());
      rdma_.set_hardware(rd::ERR_ADDR, rd::ERR_ADDR_ADDRESS, static_cast<uint32_t>(*failed));
      rdma_.set_hardware(rd::STATUS, rd::STATUS_BUSY, 0);
      raise(regs::irq_bit::kDmaError);
      // The ISP gets a short frame, as on the SoC, and flags it.
      if (isp_.active(regs::isp::CTRL, regs::isp::CTRL_ENABLE)) {
        isp_.raise(regs::isp::STATUS, regs::isp::STATUS_SIZE_ERR.mask());
        raise(regs::irq_bit::kSizeError);
      }
      return;
    }
    bytes_read_ += line.size();
    read_dma_line(line.data(), params.width,
                  &isp_input.samples()[static_cast<size_t>(y) * params.width]);
  }
  // Nominally the ISP's time for the frame; the reference keeps no cycles.
  now_s_ += static_cast<double>(params.width) * params.height / config_.pixels_per_clock /
            config_.isp_clock_hz;
  rdma_.set_hardware(rd::STATUS, rd::STATUS_BUSY, 0);
  const uint32_t frames = rdma_.active(rd::STATUS, rd::STATUS_FRAME_COUNT);
  rdma_.set_hardware(rd::STATUS, rd::STATUS_FRAME_COUNT, (frames + 1) & 0xFFFF);
  develop(isp_input, true);
}

void ReferencePlatform::start_read_dma() {
  namespace rd = regs::rdma;
  if (rdma_.active(rd::STATUS, rd::STATUS_BUSY)) return;  // ignored while busy, as on the SoC
  const ReadDmaParams params =
      decode_read_dma_params([this](uint32_t a) { return rdma_.active(a); });
  if (!params.valid(config_.max_line_width)) {
    rdma_.raise(rd::STATUS, rd::STATUS_CONFIG_ERR.mask());
    raise(regs::irq_bit::kDmaError);
    return;
  }
  rdma_.set_hardware(rd::STATUS, rd::STATUS_BUSY, 1);
  pending_read_ = params;
}

// The ISP on one frame of its input, from the receiver or the read DMA, and the DMAs behind it.
void ReferencePlatform::develop(const Image16& isp_input, bool lines_arrive) {
  namespace isp = regs::isp;
  isp_.commit_shadow();
  dma_.commit_shadow();
  const IspParams params = decode_isp_params([this](uint32_t a) { return isp_.active(a); });
  if (!params.frame.enable) return;
  const blocks::FrameSettings& size = params.frame;
  const int min_size = blocks::pipeline_min_frame_size();
  // The HDR merge's rows wait at the ISP's input for exposures that never come.
  const int exposures = blocks::HdrMerge::input_exposures(params.hdr_merge);
  if (!lines_arrive || isp_input.channels() < exposures || size.frame_width < min_size ||
      size.frame_height < min_size || size.frame_width > config_.max_line_width ||
      size.frame_width != isp_input.width() || size.frame_height != isp_input.height()) {
    // The SoC processes what fits of a mismatched frame; the reference only flags it.
    isp_.raise(isp::STATUS, isp::STATUS_SIZE_ERR.mask());
    raise(regs::irq_bit::kSizeError);
    return;
  }
  if (isp_input.channels() > exposures) {  // the ISP's input drops the exposures it does not take
    Image16 taken(isp_input.width(), isp_input.height(), exposures);
    const size_t pixels = static_cast<size_t>(isp_input.width()) * isp_input.height();
    for (size_t i = 0; i < pixels; ++i)
      for (int k = 0; k < exposures; ++k)
        taken.samples()[i * exposures + k] = isp_input.samples()[i * isp_input.channels() + k];
    pipeline_.run(taken, params, processed_);
  } else {
    pipeline_.run(isp_input, params, processed_);
  }
  const uint32_t frames = isp_.active(isp::STATUS, isp::STATUS_FRAME_COUNT);
  isp_.set_hardware(isp::STATUS, isp::STATUS_FRAME_COUNT, (frames + 1) & 0xFFFF);
  if (pipeline_.statistics() != nullptr)
    write_statistics_to_memory(pipeline_.statistics()->memory_image(), params.stats.base);
  write_frame_to_memory(processed_);
}

// As the SoC's statistics DMA: the whole buffer, or a bus error at the first byte outside
// memory (its bursts before that one land).
void ReferencePlatform::write_statistics_to_memory(const std::vector<uint8_t>& bytes,
                                                   uint64_t base) {
  namespace isp = regs::isp;
  if (const auto failed = write_in_bursts(base, bytes.data(), bytes.size())) {
    isp_.raise(isp::STATS_STATUS, isp::STATS_STATUS_BUS_ERR.mask());
    isp_.set_hardware(isp::STATS_ERR_ADDR, isp::STATS_ERR_ADDR_ADDRESS,
                      static_cast<uint32_t>(*failed));
    raise(regs::irq_bit::kDmaError);
    return;
  }
  bytes_written_ += bytes.size();
  const uint32_t frames = isp_.active(isp::STATS_STATUS, isp::STATS_STATUS_FRAME_COUNT);
  isp_.set_hardware(isp::STATS_STATUS, isp::STATS_STATUS_FRAME_COUNT, (frames + 1) & 0xFFFF);
  raise(regs::irq_bit::kStatsDone);
}

bool ReferencePlatform::memory_range_ok(uint64_t address, size_t bytes) const {
  return address >= config_.memory_base && memory_.contains(address - config_.memory_base, bytes);
}

template <typename Transfer>
std::optional<uint64_t> ReferencePlatform::in_bursts(uint64_t address, size_t length,
                                                     Transfer&& transfer) {
  for (size_t done = 0; done < length; done += config_.dma_burst_bytes) {
    const size_t burst = std::min<size_t>(config_.dma_burst_bytes, length - done);
    if (!memory_range_ok(address + done, burst)) return address + done;
    transfer(address + done - config_.memory_base, burst, done);
  }
  return std::nullopt;
}

std::optional<uint64_t> ReferencePlatform::write_in_bursts(uint64_t address, const uint8_t* bytes,
                                                           size_t length) {
  return in_bursts(address, length, [&](uint64_t offset, size_t burst, size_t done) {
    memory_.write(offset, bytes + done, burst);
  });
}

void ReferencePlatform::write_frame_to_memory(const Nv12Frame& frame) {
  namespace dma = regs::dma;
  const DmaParams params = decode_dma_params([this](uint32_t a) { return dma_.active(a); });
  if (!params.enable) return;
  auto fail = [this](uint32_t status_bit, uint64_t address) {
    dma_.raise(dma::STATUS, status_bit);
    dma_.set_hardware(dma::ERR_ADDR, dma::ERR_ADDR_ADDRESS, static_cast<uint32_t>(address));
    raise(regs::irq_bit::kDmaError);
  };
  if (params.effective_stride(frame.width) == 0)
    return fail(dma::STATUS_CONFIG_ERR.mask(), params.luma_base);
  // Same order and bursts as the SoC's DMA, so a bus error names the same first address.
  const size_t chroma_bytes = static_cast<size_t>(2 * blocks::Csc::chroma_width(frame.width));
  uint64_t written = 0;
  auto write_line = [&](uint64_t address, const uint8_t* bytes, size_t length) {
    if (const auto failed = write_in_bursts(address, bytes, length)) {
      fail(dma::STATUS_BUS_ERR.mask(), *failed);
      return false;
    }
    written += length;
    return true;
  };
  for (int y = 0; y < frame.height; ++y) {
    if (!write_line(params.luma_line_address(y, frame.width),
                    &frame.luma[static_cast<size_t>(y) * frame.width], frame.width))
      return;
    if (y % 2 == 1 || y == frame.height - 1) {
      const int cy = y / 2;
      if (!write_line(params.chroma_line_address(cy, frame.width),
                      &frame.chroma[static_cast<size_t>(cy) * chroma_bytes], chroma_bytes))
        return;
    }
  }
  bytes_written_ += written;
  dma_.set_hardware(dma::FRAME_BYTES, dma::FRAME_BYTES_BYTES, static_cast<uint32_t>(written));
  raise(regs::irq_bit::kFrameDone);
}

void ReferencePlatform::read_memory(uint64_t address, void* destination, size_t bytes) {
  if (!memory_range_ok(address, bytes))
    throw fw::FirmwareError("bus error: read of " + std::to_string(bytes) + " bytes from " +
                            hex(address) + " outside memory");
  memory_.read(address - config_.memory_base, destination, bytes);
  bytes_read_ += bytes;
}

void ReferencePlatform::write_memory(uint64_t address, const void* source, size_t bytes) {
  if (!memory_range_ok(address, bytes))
    throw fw::FirmwareError("bus error: write of " + std::to_string(bytes) + " bytes to " +
                            hex(address) + " outside memory");
  memory_.write(address - config_.memory_base, source, bytes);
  bytes_written_ += bytes;
}

}  // namespace ispsim::platform
