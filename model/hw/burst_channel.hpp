#pragma once
// A DMA channel's bursts on the interconnect, at most `max_outstanding` in flight (a new one
// waits for the oldest to complete). Shared by the frame DMA and the statistics DMA, which differ
// only in what they write and when, and the read DMA.
#include <tlm>

#include <algorithm>
#include <deque>
#include <optional>

namespace ispsim::hw {

class BurstChannel {
 public:
  explicit BurstChannel(int max_outstanding) : max_outstanding_(max_outstanding) {}
  void reset() { in_flight_.clear(); }

  // What a buffer transfer came to: its last completion, or the burst that failed.
  struct BufferOutcome {
    bool ok = true;
    sc_core::sc_time last_completion;  // of the bursts done (the first issue time if none)
    uint64_t failed_address = 0;       // valid unless ok; `issue` is then when it was issued
  };

  // A whole buffer, `length` bytes at `address`, in bursts of at most `burst_bytes`: one request
  // per `request_period` from `issue` (left at the next free request slot), a burst never before
  // not_before(bytes up to its end) (its data may still be arriving), stopping at a bus error.
  template <typename Socket, typename NotBefore>
  BufferOutcome transfer_buffer(Socket& socket, tlm::tlm_command command, uint64_t address,
                                uint8_t* data, size_t length, size_t burst_bytes,
                                const sc_core::sc_time& request_period, sc_core::sc_time& issue,
                                NotBefore&& not_before) {
    BufferOutcome outcome;
    outcome.last_completion = issue;
    for (size_t offset = 0; offset < length; offset += burst_bytes) {
      const size_t burst = std::min(burst_bytes, length - offset);
      issue = std::max(issue, not_before(offset + burst));
      const auto completion =
          transfer(socket, command, address + offset, data + offset, burst, issue);
      if (!completion) {
        outcome.ok = false;
        outcome.failed_address = address + offset;
        return outcome;
      }
      outcome.last_completion = std::max(outcome.last_completion, *completion);
      issue += request_period;
    }
    return outcome;
  }

 private:
  // One burst no earlier than `issue` (moved later while the channel is full); when it
  // completes, or nothing on a bus error.
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
