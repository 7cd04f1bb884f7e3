#pragma once
// Reads the published reference tables checked in under testbench/iq/data.
#include <string>
#include <vector>

namespace ispsim::iq::test {

// Numeric rows of a CSV file, skipping '#' comments, the header line and non-numeric fields
// (which become NaN, e.g. patch names).
std::vector<std::vector<double>> read_csv_rows(const std::string& path);

std::string data_path(const std::string& file_name);
std::string shared_reference_path(const std::string& file_name);

}  // namespace ispsim::iq::test
