#include "reference_data.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ispsim::iq::test {

std::vector<std::vector<double>> read_csv_rows(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open reference data " + path);
  std::vector<std::vector<double>> rows;
  std::string line;
  bool header_seen = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (!header_seen) {
      header_seen = true;
      continue;
    }
    std::vector<double> row;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, ',')) {
      char* end = nullptr;
      const double value = std::strtod(field.c_str(), &end);
      row.push_back(end != field.c_str() && *end == '\0' ? value : NAN);
    }
    rows.push_back(row);
  }
  return rows;
}

std::string data_path(const std::string& file_name) {
  return std::string(ISPSIM_IQ_DATA_DIR) + "/" + file_name;
}

std::string shared_reference_path(const std::string& file_name) {
  return std::string(ISPSIM_SHARED_REFERENCE_DIR) + "/" + file_name;
}

}  // namespace ispsim::iq::test
