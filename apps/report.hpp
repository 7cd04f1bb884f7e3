#pragma once
// report.json: what a run measured. Later issues add sections; these keys stay.
#include <nlohmann/json.hpp>

#include "apps/system/simulation.hpp"

namespace ispsim::app {

nlohmann::json make_report(const platform::SimulationOptions& options,
                           const platform::SimulationResult& result, double wall_s);

}  // namespace ispsim::app
