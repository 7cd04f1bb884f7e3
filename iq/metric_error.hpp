#pragma once
// Errors of the image-quality layer: a measurement that cannot be made on the given input.
#include "model/common/error.hpp"

namespace ispsim {

// Mismatched image sizes, a chart or region that is not inside the image, a region with no edge.
class MetricError : public Error {
 public:
  using Error::Error;
};

}  // namespace ispsim
