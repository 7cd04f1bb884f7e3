#pragma once
// report.json: what a run measured. Later issues add sections; these keys stay.
#include <nlohmann/json.hpp>

#include "apps/system/simulation.hpp"
#include "firmware/statistics.hpp"

namespace ispsim::app {

nlohmann::json make_report(const platform::SimulationOptions& options,
                           const platform::SimulationResult& result, double wall_s);

// stats.json: the ISP's 3A statistics as the firmware read them back (docs/STATISTICS.md).
nlohmann::json statistics_json(const fw::IspStatistics& statistics);

}  // namespace ispsim::app
