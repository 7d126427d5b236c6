#pragma once
// The Bayelemabaga dev split copied into tests/data (CC BY-SA 4.0, see its README.md).
#include <fstream>
#include <string>
#include <vector>

namespace baro::text::test {

inline std::vector<std::string> corpus_lines(std::string const& name)
{
    std::ifstream in(std::string(BARO_SOURCE_DIR) + "/tests/data/bayelemabaga/" + name);
    std::vector<std::string> lines;
    for(std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

inline std::string corpus_line(std::string const& name, std::size_t number)
{
    auto const lines = corpus_lines(name);
    return number >= 1 && number <= lines.size() ? lines[number - 1] : std::string();
}

}  // namespace baro::text::test
