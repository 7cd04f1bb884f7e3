#pragma once
// One error type per layer; each message names the file, field or register and the bad value.
// The CLI turns any of them into exit code 2.
#include <stdexcept>
#include <string>

namespace ispsim {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Image files and in-memory images: unreadable, truncated, wrong size or depth.
class ImageError : public Error {
 public:
  using Error::Error;
};

// Register map and register values: unknown names, impossible values, unmapped addresses.
class RegisterError : public Error {
 public:
  using Error::Error;
};

// Model configuration and simulation set-up.
class ModelError : public Error {
 public:
  using Error::Error;
};

// A bus master's access the bus refused (unmapped address, a target's error response); the
// message names the address.
class BusError : public Error {
 public:
  using Error::Error;
};

}  // namespace ispsim
