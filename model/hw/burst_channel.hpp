#pragma once
// A DMA channel's bursts on the interconnect, at most `max_outstanding` in flight (a new one
// waits for the oldest to complete). Shared by the frame DMA and the statistics DMA, which differ
// only in what they write and when, and the read DMA.
#include <tlm>

#include <deque>
#include <optional>

namespace ispsim::hw {

class BurstChannel {
 public:
  explicit BurstChannel(int max_outstanding) : max_outstanding_(max_outstanding) {}
  void reset() { in_flight_.clear(); }

  // Issues one write of `length` bytes no earlier than `issue` (moved later while the channel
  // is full). Returns when it completes, or nothing on a bus error.
  template <typename Socket>
  std::optional<sc_core::sc_time> write(Socket& socket, uint64_t address, const uint8_t* data,
                                        size_t length, sc_core::sc_time& issue) {
    return transfer(socket, tlm::TLM_WRITE_COMMAND, address, const_cast<uint8_t*>(data), length,
                    issue);
  }
  // The same for a read into `data`: its bytes are there at the returned time.
  template <typename Socket>
  std::optional<sc_core::sc_time> read(Socket& socket, uint64_t address, uint8_t* data,
                                       size_t length, sc_core::sc_time& issue) {
    return transfer(socket, tlm::TLM_READ_COMMAND, address, data, length, issue);
  }

 private:
  template <typename Socket>
  std::optional<sc_core::sc_time> transfer(Socket& socket, tlm::tlm_command command,
                                           uint64_t address, uint8_t* data, size_t length,
                                           sc_core::sc_time& issue) {
    if (static_cast<int>(in_flight_.size()) >= max_outstanding_) {
      issue = std::max(issue, in_flight_.front());
      in_flight_.pop_front();
    }
    tlm::tlm_generic_payload payload;
    payload.set_command(command);
    payload.set_address(address);
    payload.set_data_ptr(data);
    payload.set_data_length(static_cast<unsigned int>(length));
    payload.set_streaming_width(static_cast<unsigned int>(length));
    payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = issue - sc_core::sc_time_stamp();
    socket->b_transport(payload, delay);
    if (!payload.is_response_ok()) return std::nullopt;
    const sc_core::sc_time completion = sc_core::sc_time_stamp() + delay;
    in_flight_.push_back(completion);
    return completion;
  }

  int max_outstanding_;
  std::deque<sc_core::sc_time> in_flight_;
};

}  // namespace ispsim::hw
