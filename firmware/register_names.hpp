#pragma once
// Register names for logs and error messages, expanded from regmap.def (the same X-macro table
// as model/regmap/regmap.hpp), so firmware needs no run-time table from the model.
#include <cstdint>
#include <string>

namespace ispsim::fw {

// "isp.CCM_COEF[3]" for a memory-mapped address; empty when no register lives there.
std::string soc_register_name(uint32_t address);
// "COARSE_INTEGRATION_TIME" for a sensor CCI register address; empty when unknown.
std::string sensor_register_name(uint16_t cci_address);

}  // namespace ispsim::fw
